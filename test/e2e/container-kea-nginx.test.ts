/**
 * CI run against a container combination (issue 5 part 4, issue 6 part 5): `container:kea+nginx` runs
 * kea-dhcp4 and nginx in ONE container at one address (lib/targets/container/supervisor.ts), with the
 * suites of the process kea+nginx run (test/e2e/kea-nginx.test.ts), compared with
 * expected/container-kea+nginx.json (docs/baselines.md "container:kea+nginx").
 */
import { targetRunTest } from './helpers/target-run.js';

await targetRunTest({ target: 'container:kea+nginx', suites: ['dhcp', 'dns', 'http', 'profile', 'encryption', 'access', 'concurrency'] });
