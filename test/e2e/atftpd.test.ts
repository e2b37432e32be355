/** CI run against atftpd in the lab, compared with expected/atftpd.json (docs/baselines.md). */
import { targetRunTest } from './helpers/target-run.js';

await targetRunTest({ target: 'atftpd', suites: ['tftp'], baseline: 'atftpd.json' });
