/**
 * CI run against a container target in the lab (issue 6 part 5 "... and one `container:` target"),
 * compared with expected/container-dnsmasq.json (docs/baselines.md): container:dnsmasq serves DHCP and
 * TFTP from one container, so the dhcp, tftp, profile and concurrency suites all judge it (the
 * combination `container:kea+nginx` has its own file, container-kea-nginx.test.ts). Then the same
 * run interrupted with SIGINT must leave no container, podman network, netns or veth behind.
 */
import { interruptedRunTest, targetRunTest } from './helpers/target-run.js';

const run = { target: 'container:dnsmasq', suites: ['dhcp', 'dns', 'tftp', 'profile', 'concurrency'] };
await targetRunTest(run);
await interruptedRunTest({ ...run, afterResults: 12 });
