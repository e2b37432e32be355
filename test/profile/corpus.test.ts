import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseProfile, type ProfileParseResult } from '../../lib/profile/index.js';

const dir = fileURLToPath(new URL('../fixtures/profiles/', import.meta.url));
const load = (f: string): ProfileParseResult => parseProfile(readFileSync(dir + f));
const codes = (r: ProfileParseResult) => [...new Set(r.findings.map((f) => f.code))].sort();
const missing = (f: string) => (existsSync(dir + f) ? false : `${f} not present (see test/fixtures/profiles/README.md)`);

t.test('wazo MPP 78xx/88xx cp-phone.xml: valid, only unknown-parameter warnings', { skip: missing('wazo-mpp-v12_0_7-cp-phone.xml') }, async (t) => {
  const r = load('wazo-mpp-v12_0_7-cp-phone.xml');
  t.equal(r.ok, true);
  t.equal(r.profile?.params.length, 293);
  t.strictSame(codes(r), ['unknown-parameter']);
  const v = new Map(r.profile?.params.map((p) => [p.name, p.value]));
  t.equal(v.get('Provision_Enable'), 'Yes');
  t.equal(v.get('Resync_Periodic'), '0');
  t.equal(v.get('Resync_From_SIP'), 'Yes');
});

t.test('wazo SPA 30x/50x spa-phone.xml: valid', { skip: missing('wazo-spa-phone.xml') }, async (t) => {
  const r = load('wazo-spa-phone.xml');
  t.equal(r.ok, true);
  t.equal(r.profile?.params.length, 393);
  t.strictSame(codes(r), ['unknown-parameter']);
});

t.test('wazo ATA 19x spa-ata.xml: the <router-configuration> block is a warning, not a parameter', { skip: missing('wazo-mpp-ata19x-v11_1_0-spa-ata.xml') }, async (t) => {
  const r = load('wazo-mpp-ata19x-v11_1_0-spa-ata.xml');
  t.equal(r.ok, true);
  t.equal(r.profile?.params.length, 351);
  t.strictSame(codes(r), ['nested-element', 'unknown-parameter']);
  const block = r.findings.find((f) => f.code === 'nested-element');
  t.equal(`${block?.line}:${block?.column}`, '425:2');
  t.notOk(r.profile?.params.some((p) => p.name === 'router-configuration'));
});
