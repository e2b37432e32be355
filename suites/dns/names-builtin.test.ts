/**
 * dns.options.names-resolve must judge builtin, not skip it: on loopback builtin's reference deployment
 * hands out prov.provcert.test in option 66 and answers it on its own DNS port. Run through the CLI
 * (loopback, no root) with the tests that ask DNS; both must pass with the loopback DNS adaptation.
 */
import t from 'tap';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasStack, runCli } from '../../test/helpers/cli.js';
import { LOOPBACK_DNS_ADAPTATION } from '../helpers/dns-lookup.js';

interface Report {
  results: { id: string; verdict: string; message?: string }[];
  labAdaptations: string[];
}

t.test('builtin on loopback: names in the options and the certificate name resolve with builtin\'s DNS', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'provcert-dns-names-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const ids = ['dns.options.names-resolve', 'http.tls.dns-cross-check'];
  const r = await runCli(['run', '--target', 'builtin', '--mode', 'loopback', '--seed', '6066', '--test', ids.join(','), '--out', out]);
  t.notOk(hasStack(r.stdout + r.stderr), 'no stack trace');
  t.equal(r.code, 0, 'exit 0');
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  for (const id of ids) {
    const res = report.results.find((x) => x.id === id);
    t.equal(res?.verdict, 'pass', `${id} passes (${res?.message ?? ''})`);
  }
  t.ok(report.labAdaptations.includes(LOOPBACK_DNS_ADAPTATION), 'the loopback DNS port is recorded as an adaptation');
  const log = readFileSync(join(out, 'dns.options.names-resolve', 'test.log'), 'utf8');
  t.match(log, /prov\.provcert\.test \(66\) -> 127\.0\.0\.1/, 'the option 66 name was looked up and answered with the server address');
});
