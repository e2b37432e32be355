/**
 * The sequence diagram of one test as inline SVG (issue 6 part 4): one lifeline per endpoint, one
 * arrow per message in `evidence.ladder`, the offending frame drawn in red with a marker. Text is
 * escaped (endpoint names and labels come from the wire); no ids, so many diagrams share a page.
 */
import { escapeMarkup as x } from './escape.js';
import type { LadderMessage } from './types.js';

/** Diagrams longer than this keep the first messages and every offending one, with a gap row. */
export const MAX_LADDER_ROWS = 200;
const COL = 190;
const GUTTER = 120;
const HEAD = 44;
const ROW = 30;
const MAX_LABEL = 48;

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}\u2026` : text;
}

/** Which messages to draw: offending ones always, others up to MAX_LADDER_ROWS; `null` marks a gap. */
function selectRows(ladder: readonly LadderMessage[], offending: (m: LadderMessage) => boolean): (LadderMessage | null)[] {
  if (ladder.length <= MAX_LADDER_ROWS) return [...ladder];
  const rows: (LadderMessage | null)[] = [];
  ladder.forEach((m, i) => {
    if (i < MAX_LADDER_ROWS || offending(m)) {
      if (i >= MAX_LADDER_ROWS && rows[rows.length - 1] !== null) rows.push(null);
      rows.push(m);
    }
  });
  if (rows[rows.length - 1] !== null && rows.length < ladder.length) rows.push(null);
  return rows;
}

/**
 * Renders the ladder, or '' when there is none. `offendingFrames` adds frames to mark besides the
 * messages flagged `offending` (a fail's first evidence frame, conventions.md "evidence").
 */
export function renderLadderSvg(ladder: readonly LadderMessage[] | undefined, offendingFrames: readonly number[] = []): string {
  if (!ladder || ladder.length === 0) return '';
  const marked = new Set(offendingFrames);
  const isOffending = (m: LadderMessage) => m.offending === true || marked.has(m.frame);
  const parties: string[] = [];
  for (const m of ladder) for (const p of [m.from, m.to]) if (!parties.includes(p)) parties.push(p);
  const rows = selectRows(ladder, isOffending);
  const width = GUTTER + parties.length * COL;
  const height = HEAD + rows.length * ROW + 16;
  const cx = (p: string) => GUTTER + parties.indexOf(p) * COL + COL / 2;
  const out: string[] = [
    `<svg class="ladder" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="sequence diagram, ${ladder.length} messages">`,
  ];
  for (const p of parties) {
    const c = cx(p);
    out.push(`<g class="party"><title>${x(p)}</title><rect x="${c - COL / 2 + 8}" y="4" width="${COL - 16}" height="26" rx="4"/>` +
      `<text x="${c}" y="22" text-anchor="middle">${x(shorten(p, 24))}</text>` +
      `<line class="life" x1="${c}" y1="30" x2="${c}" y2="${height - 4}"/></g>`);
  }
  rows.forEach((m, i) => {
    const y = HEAD + i * ROW + ROW / 2 + 4;
    if (m === null) {
      out.push(`<text class="gap" x="${GUTTER / 2}" y="${y}" text-anchor="middle">\u22ee not shown</text>`);
      return;
    }
    const bad = isOffending(m);
    const x1 = cx(m.from);
    const x2 = cx(m.to);
    const cls = bad ? 'msg offending' : 'msg';
    const gutter = `<text class="when" x="6" y="${y + 4}">#${m.frame} ${m.time.toFixed(3)}s</text>`;
    const label = x(shorten(m.label, MAX_LABEL));
    let shape: string;
    if (x1 === x2) {
      // A message to itself (e.g. a retransmission timer): a small loop on its lifeline.
      shape = `<path d="M${x1} ${y - 6} h30 v12 h-30"/><polygon points="${x1},${y + 6} ${x1 + 8},${y + 2} ${x1 + 8},${y + 10}"/>` +
        `<text x="${x1 + 36}" y="${y + 2}">${label}</text>`;
    } else {
      const dir = x2 > x1 ? 1 : -1;
      shape = `<line x1="${x1}" y1="${y}" x2="${x2 - dir * 2}" y2="${y}"/>` +
        `<polygon points="${x2},${y} ${x2 - dir * 9},${y - 4} ${x2 - dir * 9},${y + 4}"/>` +
        `<text x="${(x1 + x2) / 2}" y="${y - 5}" text-anchor="middle">${label}</text>`;
    }
    const mark = bad ? `<text class="mark" x="${GUTTER - 14}" y="${y + 4}">\u25b6</text>` : '';
    out.push(`<g class="${cls}" data-frame="${m.frame}"${bad ? ' data-offending="true"' : ''}><title>${x(`frame ${m.frame}: ${m.from} \u2192 ${m.to}: ${m.label}${bad ? ' (offending)' : ''}`)}</title>${gutter}${mark}${shape}</g>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
