import t from 'tap';
import { join } from 'node:path';
import { canUseNetns, hasCommand } from '../../lib/lab/sys.js';
import { hasStack } from '../helpers/cli.js';
import { dhcpAtFrame, readReport, run, schemaErrors, tempOut } from '../helpers/runner.js';

const noLab = canUseNetns();
const skipLab = noLab.ok ? false : noLab.reason;

t.test('lab mode against builtin: phones in a namespace, all applicable dhcp tests pass', { skip: skipLab }, async (t) => {
  const out = tempOut(t);
  const r = await run(['--mode', 'lab', '--out', out, '--seed', '21', '--suite', 'dhcp,dns']);
  t.notOk(hasStack(r.stdout + r.stderr));
  t.equal(r.code, 0, 'exit 0');
  const report = readReport(out);
  t.equal(schemaErrors(report), '');
  t.same(report.results.filter((x) => x.verdict === 'fail' || x.verdict === 'error' || x.verdict === 'skip').map((x) => x.id), []);
  t.ok(report.labAdaptations.some((a) => /lab mode/.test(a)));
  t.ok(report.results.filter((x) => x.verdict === 'pass').length >= 25);
  const ran = report.results.filter((x) => x.verdict === 'pass');
  t.ok(ran.every((x) => x.evidence.pcap?.endsWith('/wire.pcap') && x.evidence.socketLevel === false), 'evidence is the libpcap capture of the wire, not the socket-level recording');
});

t.test('lab mode against dnsmasq: option 61 not echoed (RFC 6842) is flagged with the offending frame', { skip: skipLab || (!hasCommand('dnsmasq') && 'dnsmasq not installed') }, async (t) => {
  const out = tempOut(t);
  const r = await run(['--mode', 'lab', '--target', 'dnsmasq', '--out', out, '--seed', '21', '--suite', 'dhcp']);
  t.notOk(hasStack(r.stdout + r.stderr));
  t.equal(r.code, 1, 'MUST failures: exit 1');
  if (r.code !== 1) t.comment(r.stdout.slice(-3000) + r.stderr.slice(-2000));
  const report = readReport(out);
  t.equal(schemaErrors(report), '');
  const echo = report.results.find((x) => x.id === 'dhcp.offer.client-id-echo')!;
  t.equal(echo.verdict, 'fail');
  if (echo.verdict !== 'fail') return;
  t.equal(echo.requirementId, 'DHCP-017');
  const msg = await dhcpAtFrame(join(out, echo.evidence.pcap!), echo.evidence.frames![0]!);
  t.equal(msg?.op, 2, 'the evidence frame is dnsmasq\'s reply');
  t.match(echo.evidence.pcap, /\/wire\.pcap$/, 'in the wire capture');
  t.equal(echo.evidence.socketLevel, false);
  t.equal(report.results.find((x) => x.id === 'dhcp.offer.echoes-xid')!.verdict, 'pass');
  t.equal(report.target.kind, 'process');
});
