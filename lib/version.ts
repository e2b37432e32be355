import { createRequire } from 'node:module';

// The version comes from package.json so that reports and --version never disagree with it.
const require = createRequire(import.meta.url);
function findVersion(): string {
  for (const p of ['../package.json', '../../package.json']) {
    try {
      const pkg = require(p) as { name?: string; version?: string };
      if (pkg.name === 'provcert' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // try the next location (source tree vs dist/)
    }
  }
  return '0.0.0';
}
export const VERSION: string = findVersion();
