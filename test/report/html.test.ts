import { createHash } from 'node:crypto';
import t from 'tap';
import fc from 'fast-check';
import { renderHtml, REPORT_CSP } from '../../lib/report/html.js';
import { REPORT_SCRIPT } from '../../lib/report/html-assets.js';
import { buildReport } from '../../lib/report/model.js';
import { anchorId, relativeHref } from '../../lib/report/escape.js';
import { arbResult, sampleMeta, sampleResults } from './sample.js';

t.test('one inline script, allowed by its hash; the policy forbids every request', async (t) => {
  const { results, phoneResults } = sampleResults();
  const html = renderHtml(buildReport(sampleMeta(), { results, phoneResults, complete: true }));
  t.equal(html.match(/<script/gi)?.length, 1, 'one script element');
  const hash = createHash('sha256').update(REPORT_SCRIPT).digest('base64');
  t.match(REPORT_CSP, `'sha256-${hash}'`);
  t.match(REPORT_CSP, /default-src 'none'/);
  t.ok(html.includes(`<script>${REPORT_SCRIPT}</script>`), 'the script on the page is the hashed one, byte for byte');
  t.notMatch(html, /\b(src|href)="(https?:)?\/\//i, 'no absolute or protocol-relative URL');
  t.notMatch(html, /@import|url\(/i, 'no CSS that fetches');
});

/** Names of all attributes in all tags (values are quoted and escaped, so a quote ends them). */
function attributeNames(html: string): string[] {
  const names: string[] = [];
  for (const tag of html.match(/<[a-zA-Z][^>]*>/g) ?? []) {
    for (const m of tag.slice(1).replace(/^[\w-]+/, '').matchAll(/\s+([^\s=>/]+)(?:="[^"]*"|='[^']*')?/g)) names.push((m[1] ?? '').toLowerCase());
  }
  return names;
}

t.test('hostile results never add markup: one script, no handlers, no foreign links', async (t) => {
  fc.assert(
    fc.property(fc.array(arbResult('target'), { maxLength: 6 }), fc.array(arbResult('phone'), { maxLength: 3 }), (results, phoneResults) => {
      const html = renderHtml(buildReport(sampleMeta(), { results, phoneResults, complete: false }));
      return (html.match(/<script/gi)?.length ?? 0) === 1 && !/<img/i.test(html) && !/href="javascript:/i.test(html) &&
        attributeNames(html).every((name) => !name.startsWith('on'));
    }),
    { seed: 8080, numRuns: 200 },
  );
  t.pass('200 runs');
  t.same(attributeNames('<p a="x onclick=1"><img src=x onerror="y">'), ['a', 'src', 'onerror'], 'the attribute scan sees real handlers only');
});

t.test('artefact links are plain relative paths only', async (t) => {
  t.equal(relativeHref('dhcp.x.y/capture.pcapng'), 'dhcp.x.y/capture.pcapng');
  t.equal(relativeHref('a b/c#d.log'), 'a%20b/c%23d.log');
  for (const bad of ['javascript:alert(1)', '/etc/passwd', '../up.log', 'a/../../b', 'http://x/y', '//host/x', 'a\\b', '', 'a//b', '\ud800.log', 'a\u0000b']) {
    t.equal(relativeHref(bad), undefined, JSON.stringify(bad));
  }
  t.equal(anchorId('t', 'dhcp.a-b.c'), 't-dhcp.a-b.c');
  t.equal(anchorId('t', 'x"y'), 't-x_22_y');
});
