import t from 'tap';
import { hasStack, runCli } from '../helpers/cli.js';

t.test('list --json: every test with ID, requirements, level, why and procedure', async (t) => {
  const r = await runCli(['list', '--json']);
  t.equal(r.code, 0);
  const tests = JSON.parse(r.stdout) as { id: string; suite: string; requirements: string[]; level: string; why: string; procedure: Record<string, string> }[];
  t.ok(tests.length >= 30);
  t.equal(new Set(tests.map((x) => x.id)).size, tests.length, 'IDs are unique');
  for (const x of tests) {
    t.ok(x.id.startsWith(`${x.suite}.`) && x.requirements.length > 0 && x.why && x.procedure['criteria'], x.id);
  }
});

t.test('list filters by suite and requirement; unknown ones are usage errors', async (t) => {
  const r = await runCli(['list', '--requirement', 'DHCP-018', '--json']);
  t.same((JSON.parse(r.stdout) as { id: string }[]).map((x) => x.id).sort(), ['dhcp.ack.echoes-xid', 'dhcp.offer.echoes-xid']);
  const dns = await runCli(['list', '--suite', 'dns']);
  t.equal(dns.code, 0);
  t.match(dns.stdout, /dns\.options\.names-resolve/);
  t.notMatch(dns.stdout, /dhcp\.offer/);
  for (const bad of [['--suite', 'nope'], ['--requirement', 'NOPE-001'], ['--bogus'], ['extra']]) {
    const e = await runCli(['list', ...bad]);
    t.equal(e.code, 2, bad.join(' '));
    t.notOk(hasStack(e.stderr + e.stdout));
  }
  const help = await runCli(['list', '--help']);
  t.equal(help.code, 0);
  t.match(help.stdout, /usage: provcert list/);
});
