/** CI run against kea+nginx in the lab, compared with expected/kea+nginx.json (docs/baselines.md). */
import { targetRunTest } from './helpers/target-run.js';

await targetRunTest({ target: 'kea+nginx', suites: ['dhcp', 'dns', 'http', 'profile', 'encryption', 'access', 'concurrency'], baseline: 'kea+nginx.json' });
