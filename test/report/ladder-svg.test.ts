import t from 'tap';
import fc from 'fast-check';
import { MAX_LADDER_ROWS, renderLadderSvg } from '../../lib/report/ladder-svg.js';
import type { LadderMessage } from '../../lib/report/types.js';
import { hostileString } from './sample.js';
import { findAll, parseXml } from './xml.js';

const msg = (frame: number, from: string, to: string, label: string, offending?: boolean): LadderMessage =>
  ({ frame, time: frame / 1000, from, to, label, ...(offending !== undefined ? { offending } : {}) });

t.test('one lifeline per endpoint, one arrow per message, the offending frame marked', async (t) => {
  const svg = renderLadderSvg([msg(1, 'phone', 'server', 'DISCOVER'), msg(2, 'server', 'phone', 'OFFER', true), msg(3, 'phone', 'phone', 'timer')]);
  const root = parseXml(svg);
  t.equal(root.name, 'svg');
  const groups = findAll(root, 'g');
  t.equal(groups.filter((g) => g.attributes['class'] === 'party').length, 2, 'two lifelines');
  const msgs = groups.filter((g) => g.attributes['class']?.startsWith('msg'));
  t.same(msgs.map((g) => g.attributes['data-frame']), ['1', '2', '3']);
  t.same(msgs.filter((g) => g.attributes['data-offending'] === 'true').map((g) => g.attributes['data-frame']), ['2']);
  t.equal(msgs[1]?.attributes['class'], 'msg offending');
});

t.test('a fail\'s first evidence frame is marked even without the flag', async (t) => {
  const svg = renderLadderSvg([msg(7, 'a', 'b', 'x'), msg(8, 'b', 'a', 'y')], [8]);
  const off = findAll(parseXml(svg), 'g').filter((g) => g.attributes['data-offending'] === 'true');
  t.same(off.map((g) => g.attributes['data-frame']), ['8']);
});

t.test('no ladder, no diagram', async (t) => {
  t.equal(renderLadderSvg(undefined), '');
  t.equal(renderLadderSvg([]), '');
});

t.test('long ladders are cut, but offending messages beyond the cut stay', async (t) => {
  const ladder = Array.from({ length: MAX_LADDER_ROWS + 50 }, (_, i) => msg(i + 1, 'p', 's', `m${i}`, i === MAX_LADDER_ROWS + 20));
  const root = parseXml(renderLadderSvg(ladder));
  const msgs = findAll(root, 'g').filter((g) => g.attributes['class']?.startsWith('msg'));
  t.equal(msgs.length, MAX_LADDER_ROWS + 1);
  t.equal(msgs[msgs.length - 1]?.attributes['data-offending'], 'true');
  t.ok(findAll(root, 'text').some((e) => e.attributes['class'] === 'gap'), 'gap row shown');
});

t.test('hostile endpoint names and labels give well-formed SVG with the text intact', async (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(hostileString, hostileString, hostileString), { minLength: 1, maxLength: 5 }), (rows) => {
      const ladder = rows.map(([from, to, label], i) => msg(i + 1, from, to, label));
      const root = parseXml(renderLadderSvg(ladder));
      return findAll(root, 'g').filter((g) => g.attributes['class']?.startsWith('msg')).length === rows.length &&
        findAll(root, 'script').length === 0;
    }),
    { seed: 77, numRuns: 200 },
  );
  t.pass('200 runs');
});
