import t from 'tap';
import catalogue from '../../lib/requirements/catalogue.json' with { type: 'json' };
import { NOT_MODELLED, TRANSITION_BY_ID, TRANSITIONS, renderModelDoc, traceability } from '../../lib/phone-model/index.js';

const phoneSide = (catalogue as { id: string; subject: string }[]).filter((r) => r.subject !== 'server');

t.test('every phone/both requirement of the catalogue (all areas) maps to transitions or to "not modelled: reason"', async (t) => {
  const rows = traceability();
  t.equal(rows.length, phoneSide.length, 'one row per phone/both requirement');
  for (const r of rows) {
    t.ok(r.transitions.length > 0 || (r.notModelled !== undefined && r.notModelled.length > 10), `${r.id} is mapped`);
    t.notOk(r.transitions.length > 0 && r.notModelled !== undefined, `${r.id}: not both implemented and not modelled`);
    for (const id of r.transitions) t.ok(TRANSITION_BY_ID.has(id), `${r.id} -> ${id} is a known transition`);
  }
  for (const area of ['TR69', 'PFS', 'CONG', 'LOG']) t.ok(rows.some((r) => r.id.startsWith(`${area}-`)), `${area} rows are in the table`);
});

t.test('NOT_MODELLED names only phone/both catalogue requirements', async (t) => {
  const ids = new Set(phoneSide.map((r) => r.id));
  for (const n of NOT_MODELLED) t.ok(ids.has(n.id), n.id);
});

t.test('the generated document: diagram, timers, events, effects, every requirement, no UNMAPPED', async (t) => {
  const doc = renderModelDoc();
  t.match(doc, /^<!-- generated/);
  t.match(doc, /```mermaid\nstateDiagram-v2/);
  t.match(doc, /tr69_informing --> tr69_acs_requests : tr69\.session\.inform-response/);
  for (const timer of ['resync', 'forced-resync', 'tr69-retry', 'tr69-periodic', 'dhcp-retransmit']) t.match(doc, `| \`${timer}\` |`);
  for (const x of ['send-cwmp', 'connection-request', 'fetch-result']) t.match(doc, `| \`${x}\` |`);
  for (const r of phoneSide) t.match(doc, `\n| ${r.id} |`, r.id);
  t.notOk(doc.includes('**UNMAPPED**'), 'no unmapped requirement');
  for (const tr of TRANSITIONS) t.match(doc, `| \`${tr.id}\` |`);
});

t.test('the check can fail: a mapping to an unknown transition is reported', async (t) => {
  t.notOk(TRANSITION_BY_ID.has('tr69.no-such-transition'));
});
