/** CI run against dnsmasq in the lab, compared with expected/dnsmasq.json (docs/baselines.md). */
import { targetRunTest } from './helpers/target-run.js';

await targetRunTest({ target: 'dnsmasq', suites: ['dhcp', 'dns', 'tftp', 'profile', 'concurrency'], baseline: 'dnsmasq.json' });
