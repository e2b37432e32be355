/**
 * The argv that starts a sibling node entry script (the lab worker, the lab services) in a child
 * process, e.g. under `ip netns exec`. From the built dist/ the entry is a .js file; from sources
 * (tap, tsx) it is the .ts file, and the child needs the same loader flags this process was started
 * with (`--import X` or `--import=X`), or it could not load TypeScript.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LOADER_FLAG = /^--(import|loader|experimental-loader|require|enable-source-maps|no-warnings)/;
const FLAG_WITH_VALUE = /^--(import|loader|experimental-loader|require)$/;

/** The loader flags of `execArgv` (this process's by default) that a TypeScript child needs too. */
export function loaderFlags(execArgv: readonly string[] = process.execArgv): string[] {
  const flags: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i] as string;
    if (!LOADER_FLAG.test(a)) continue;
    flags.push(a);
    if (FLAG_WITH_VALUE.test(a) && execArgv[i + 1] !== undefined) flags.push(execArgv[++i] as string);
  }
  return flags;
}

/**
 * `[node, ...loader flags, <dir of callerUrl>/<baseName>.ts|.js]`: the extension follows the caller's
 * own (a .ts caller runs from sources), so one call works from sources and from dist/.
 */
export function nodeEntryArgv(callerUrl: string, baseName: string): string[] {
  const here = fileURLToPath(callerUrl);
  const ts = here.endsWith('.ts');
  const entry = join(here, '..', `${baseName}${ts ? '.ts' : '.js'}`);
  return [process.execPath, ...(ts ? loaderFlags() : []), entry];
}
