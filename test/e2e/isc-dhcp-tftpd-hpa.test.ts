/** CI run against isc-dhcp+tftpd-hpa in the lab, compared with expected/isc-dhcp+tftpd-hpa.json (docs/baselines.md). */
import { targetRunTest } from './helpers/target-run.js';

await targetRunTest({ target: 'isc-dhcp+tftpd-hpa', suites: ['dhcp', 'dns', 'tftp', 'profile', 'concurrency'], baseline: 'isc-dhcp+tftpd-hpa.json' });
