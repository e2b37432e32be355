/** CI run against nginx in the lab, compared with expected/nginx.json (docs/baselines.md). */
import { targetRunTest } from './helpers/target-run.js';

await targetRunTest({ target: 'nginx', suites: ['http', 'profile', 'encryption', 'access'], baseline: 'nginx.json' });
