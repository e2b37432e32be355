import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildRegistry, getRequirement, requireIds, REQUIREMENTS, areaOf } from '../../lib/requirements/index.js';
import { ProvcertError } from '../../lib/errors.js';

const shared = fileURLToPath(new URL('../../../shared/spec/requirements.json', import.meta.url));
const ours = fileURLToPath(new URL('../../lib/requirements/catalogue.json', import.meta.url));

t.test('our copy of the catalogue equals ../shared/spec/requirements.json', { skip: existsSync(shared) ? false : 'no ../shared here (users never have it)' }, async (t) => {
  t.strictSame(JSON.parse(readFileSync(ours, 'utf8')), JSON.parse(readFileSync(shared, 'utf8')));
});

t.test('every catalogue row is loaded with its subject and level', async (t) => {
  const rows = JSON.parse(readFileSync(ours, 'utf8')) as { id: string }[];
  for (const row of rows) t.ok(REQUIREMENTS.has(row.id), row.id);
  t.equal(getRequirement('DHCP-018').level, 'MUST');
  t.equal(getRequirement('DHCP-018').subject, 'server');
});

t.test('overlay rows are X- IDs with statement, subject, level, source', async (t) => {
  const overlay = [...REQUIREMENTS.values()].filter((r) => r.overlay);
  for (const r of overlay) {
    t.match(r.id, /^X-[A-Z0-9]+-\d{3}$/);
    t.ok(r.statement.length > 10 && r.source.length > 3, `${r.id} has statement and source`);
  }
});

t.test('unknown IDs are load errors', async (t) => {
  t.throws(() => requireIds(['DHCP-018', 'DHCP-999'], 'test'), { code: 'PC_ERR_REQUIREMENT_UNKNOWN' });
  t.throws(() => getRequirement('NOPE-001'), ProvcertError);
  t.same(requireIds(['DHCP-018'], 'test'), ['DHCP-018']);
});

t.test('registry validation refuses malformed rows', async (t) => {
  const good = { id: 'X-T-001', title: 't', statement: 'a statement', subject: 'server', level: 'MUST', source: 'RFC 1' };
  t.equal(buildRegistry([], [good]).size, 1);
  t.throws(() => buildRegistry([], [{ ...good, id: 'T-001' }]), { code: 'PC_ERR_CONFIG' });
  t.throws(() => buildRegistry([], [{ ...good, level: 'MUSTNT' }]), { code: 'PC_ERR_CONFIG' });
  t.throws(() => buildRegistry([], [good, good]), { code: 'PC_ERR_CONFIG' });
  t.throws(() => buildRegistry([{ ...good, id: 'X-T-001' }], []), { code: 'PC_ERR_CONFIG' });
});

t.test('areaOf', async (t) => {
  t.equal(areaOf('DHCP-001'), 'DHCP');
  t.equal(areaOf('X-PROF-001'), 'PROF');
});
