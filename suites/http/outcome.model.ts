/**
 * PG46 "Phone Behavior for HTTP Responses" row by row (HTTP-006..014), 301 stickiness (HTTP-007,
 * X-HTTP-022), 302 (HTTP-008), 401/407 retry count (HTTP-011), redirect bound (X-HTTP-020),
 * Resync_Fails_On_FNF (PROF-040), request headers (HTTP-004, HTTP-005, HTTP-019).
 */
import { defineSuite } from '../../lib/model-check/index.js';
import fc from 'fast-check';
import { HTTP_OUTCOME_TABLE, classifyStatus } from '../../lib/phone-model/index.js';
import { gapsSeconds, profileFetches, profileXml, runModel } from '../../test/helpers/model.js';

const SEED = 424242;
const URL = 'http://p.example/a.xml';
const H = 3_600_000;
const OK = { status: 200, body: profileXml({ GPP_C: 'applied' }) };
const base = { Profile_Rule: URL, Resync_Random_Delay: '0', Resync_Periodic: '7200', Resync_Error_Retry_Delay: '600' };

const suite = defineSuite('http.outcome', ['HTTP-006', 'HTTP-007', 'HTTP-008', 'HTTP-009', 'HTTP-010', 'HTTP-011', 'HTTP-012', 'HTTP-013', 'HTTP-014', 'PROF-040', 'X-HTTP-020', 'X-HTTP-022', 'HTTP-004', 'HTTP-005', 'HTTP-019']);
export const properties = suite.properties;

for (const row of HTTP_OUTCOME_TABLE) {
  suite.test(`${row.reqs.join(',')}: HTTP ${row.status} -> ${row.outcome}`, async (t) => {
    const first = row.status === 200 ? OK : { status: row.status, headers: { Location: 'http://p2.example/b.xml' } };
    const server = { [URL]: [first, OK], 'http://p2.example/b.xml': OK };
    const r = runModel({ seed: SEED, until: 7100 * 1000, config: base, server });
    const f = profileFetches(r);
    const gaps = gapsSeconds(f.map((x) => x.at));
    if (row.outcome === 'A') {
      t.equal(r.state.config['GPP_C'], 'applied');
      t.same(gaps, [], 'next request only after Resync_Periodic (7200 s)');
    } else if (row.outcome.startsWith('redirect')) {
      t.equal(f[1]?.url, 'http://p2.example/b.xml', 'immediate request to Location');
      t.equal(gaps[0], 0);
    } else if (row.outcome === 'auth retry') {
      t.equal(f.length, 2, 'one authenticated retry, answered 200');
      t.equal(gaps[0], 0, 'immediately');
      t.equal(r.state.config['GPP_C'], 'applied');
    } else {
      t.same(gaps, [600], `outcome ${row.outcome}: retry after Resync_Error_Retry_Delay`);
      t.ok(r.fired.some((x) => x.id === `resync.outcome.${row.outcome}`), `fired resync.outcome.${row.outcome}`);
    }
  });
}

suite.property('HTTP-009..013 property: every status classifies as the PG46 table says', () => fc.property(fc.integer({ min: 100, max: 599 }), (status) => {
  const c = classifyStatus(status, { location: '/x' }, new Uint8Array());
  if (status === 200) return c.kind === 'body';
  if (status === 301 || status === 302) return c.kind === 'redirect';
  if (status === 401 || status === 407) return c.kind === 'auth';
  if (status === 404) return c.kind === 'fail' && c.cls === 'B';
  return c.kind === 'fail' && c.cls === 'C';
}), { seed: SEED, numRuns: 500 });

suite.test('HTTP-014: connection error and TFTP errors: C and B share the error timer', async (t) => {
  for (const [reply, cls] of [[{ networkError: 'reset' }, 'C'], [{ tftpError: 1 }, 'B'], [{ tftpError: 2 }, 'C']] as const) {
    const r = runModel({ seed: SEED, until: 1300 * 1000, config: base, server: { [URL]: reply } });
    t.same(gapsSeconds(profileFetches(r).map((x) => x.at)), [600, 600], `${JSON.stringify(reply)} -> ${cls}`);
    t.ok(r.fired.some((x) => x.id === `resync.outcome.${cls}`));
  }
});

suite.test('HTTP-007 / X-HTTP-022: after a 301 later periodic resyncs go to the new location until the rule changes', async (t) => {
  const r = runModel({
    seed: SEED, until: 5 * H, config: { ...base, Resync_Periodic: '3600' },
    server: { [URL]: { status: 301, headers: { Location: 'http://new.example/p.xml' } }, 'http://new.example/p.xml': OK, 'http://other.example/q.xml': OK },
    script: [{ at: 2.5 * H, event: { type: 'web-submit', changes: { Profile_Rule: 'http://other.example/q.xml' } } }],
  });
  const urls = profileFetches(r).map((f) => `${f.at / 1000}:${f.url}`);
  t.same(urls.slice(0, 4), ['0:' + URL, '0:http://new.example/p.xml', '3600:http://new.example/p.xml', '7200:http://new.example/p.xml'], r.toString());
  t.ok(urls.slice(4).every((u) => u.endsWith('other.example/q.xml')), 'changed rule: sticky target dropped');
});

suite.test('HTTP-008: after a 302 the next periodic resync goes back to the rule URL', async (t) => {
  const r = runModel({ seed: SEED, until: 3700 * 1000, config: { ...base, Resync_Periodic: '3600' }, server: { [URL]: [{ status: 302, headers: { Location: 'http://tmp.example/t.xml' } }, OK], 'http://tmp.example/t.xml': OK } });
  t.same(profileFetches(r).map((f) => f.url), [URL, 'http://tmp.example/t.xml', URL]);
});

suite.property('HTTP-011: 401 forever: exactly 2 authenticated retries, then C (property over 401/407 mixes)', () => fc.property(fc.array(fc.constantFrom(401, 407), { minLength: 3, maxLength: 3 }), (codes) => {
  const r = runModel({ seed: SEED, until: 100 * 1000, config: { ...base, Profile_Rule: '[--uid u --pwd p] http://p.example/a.xml' }, server: { [URL]: codes.map((status) => ({ status })) } });
  const f = r.fetches.filter((x) => x.fetch.purpose === 'profile');
  return f.length === 3 && f.slice(1).every((x) => x.fetch.credentials?.user === 'u') && r.fired.some((x) => x.id === 'resync.fetch.http-401.exhausted');
}), { seed: SEED, numRuns: 8 });

suite.test('X-HTTP-020: a redirect loop ends in outcome C after 5 follow-ups', async (t) => {
  const r = runModel({ seed: SEED, until: 10 * 1000, config: base, server: { [URL]: { status: 302, headers: { Location: URL } } } });
  t.equal(profileFetches(r).length, 6);
  t.ok(r.fired.some((x) => x.id === 'resync.fetch.redirect-failed'));
});

suite.test('PROF-040 / HTTP-012: 404 with Resync_Fails_On_FNF=No counts as success (periodic timing)', async (t) => {
  const r = runModel({ seed: SEED, until: 8000 * 1000, config: { ...base, Resync_Fails_On_FNF: 'No' }, server: { [URL]: { status: 404 } } });
  t.same(gapsSeconds(profileFetches(r).map((x) => x.at)), [7200]);
  const y = runModel({ seed: SEED, until: 8000 * 1000, config: { ...base, Resync_Fails_On_FNF: 'Yes' }, server: { [URL]: { status: 404 } } });
  t.equal(gapsSeconds(profileFetches(y).map((x) => x.at))[0], 600);
});

suite.test('HTTP-004 / HTTP-019 / HTTP-005: User-Agent, client certificate on HTTPS, POST body from GPP_x', async (t) => {
  const r = runModel({ seed: SEED, until: 1000, config: { ...base, GPP_D: 'mac=$MA', Profile_Rule: '[--post d] https://s.example/p.xml' }, server: { 'https://s.example/p.xml': OK } });
  const f = r.fetches[0]?.fetch;
  t.equal(f?.headers['User-Agent'], 'Cisco-CP-6841-3PCC/sip68xx.11-3-1MPP0001-123 (00562b043615)');
  t.equal(f?.clientCert, true);
  t.equal(f?.method, 'POST');
  t.equal(f?.body, 'mac=00562b043615');
  t.notOk(f?.headers['Accept-Encoding'], 'no aes128gcm without an IKM (ENC-008)');
});
