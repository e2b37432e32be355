import t from 'tap';
import catalogue from '../../lib/requirements/catalogue.json' with { type: 'json' };
import { lookupParameter } from '../../lib/profile/index.js';
import { MODEL_DEFAULTS, NOT_MODELLED, TRANSITIONS, TRANSITION_BY_ID } from '../../lib/phone-model/index.js';
import { runModel, profileXml } from '../helpers/model.js';

const AREAS = ['DHCP', 'TFTP', 'HTTP', 'PROF', 'RESYNC', 'UPG', 'ENC', 'ACCESS', 'EDOS', 'SIP', 'LOG'];

t.test('every phone/both requirement of the model areas is a transition or NOT_MODELLED, never both', async (t) => {
  const inTransitions = new Set(TRANSITIONS.flatMap((x) => x.requirementIds));
  const notModelled = new Set(NOT_MODELLED.map((x) => x.id));
  const rows = (catalogue as { id: string; subject: string }[]).filter((r) => r.subject !== 'server' && AREAS.includes(r.id.split('-')[0] as string));
  t.ok(rows.length > 80);
  for (const r of rows) {
    t.ok(inTransitions.has(r.id) !== notModelled.has(r.id), `${r.id}: exactly one of TRANSITIONS / NOT_MODELLED`);
  }
  // TR69-* rows are implemented by the TR-069 sub-machine (tr69/), never by core transitions.
  for (const x of TRANSITIONS) if (x.requirementIds.some((id) => /^TR69-/.test(id))) t.match(x.id, /^tr69\./, `${x.id} names a TR69 requirement`);
});

t.test('transition IDs are unique and dotted', async (t) => {
  t.equal(TRANSITION_BY_ID.size, TRANSITIONS.length);
  for (const x of TRANSITIONS) t.match(x.id, /^[a-z0-9-]+(\.[a-zA-Z0-9-]+)+$/); // outcome letters A/B/C as in PG46
});

t.test('a long run fires only table transitions (step would throw otherwise) and covers many of them', async (t) => {
  const r = runModel({
    seed: 3, until: 3 * 86_400_000,
    config: { Profile_Rule: 'http://p.example/a.xml', Profile_Rule_B: '($PRVST eq "9")? http://p.example/never.xml', Upgrade_Rule: 'http://fw.example/sip68xx.12-0-1MPP0001-1.loads' },
    server: { 'http://p.example/a.xml': [{ status: 200, body: profileXml({ GPP_A: '1' }) }, { status: 503 }, { status: 404 }] },
  });
  const fired = new Set(r.fired.map((f) => f.id));
  t.ok(fired.has('resync.outcome.A') && fired.has('resync.outcome.C') && fired.has('upgrade.failure.retry'), [...fired].join(' '));
});

t.test('model defaults agree with the lib/profile parameter table where it knows a default', async (t) => {
  let compared = 0;
  for (const [name, value] of Object.entries(MODEL_DEFAULTS)) {
    const def = lookupParameter(name);
    const d = def?.default;
    if (d === undefined) continue;
    compared++;
    t.equal(String(d), value, `${name}`);
  }
  t.ok(compared >= 10, `compared ${compared} defaults`);
});
