/**
 * The CSS and script inlined into index.html (one self-contained file, issue 6 part 4: no fonts, no
 * CDNs, no requests). The script reads only the DOM (no report data is embedded in it), so its hash
 * is fixed and the page's Content-Security-Policy allows exactly this script and nothing else.
 */

export const REPORT_CSS = `
:root { --pass:#1a7f37; --fail:#cf222e; --error:#9a6700; --skip:#6e7781; --na:#8250df; --line:#d0d7de; --bg:#f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2328; }
header { padding: 16px 24px; background: var(--bg); border-bottom: 1px solid var(--line); }
header h1 { margin: 0 0 6px; font-size: 20px; }
main { padding: 8px 24px 40px; }
h2 { font-size: 17px; margin: 26px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
table { border-collapse: collapse; margin: 4px 0 8px; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg); }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.meta { display: flex; flex-wrap: wrap; gap: 4px 22px; color: #59636e; }
.outcome { display: inline-block; padding: 2px 10px; border-radius: 12px; color: #fff; font-weight: 600; margin-right: 8px; }
.outcome.ok { background: var(--pass); } .outcome.bad { background: var(--fail); }
.v { display: inline-block; min-width: 42px; text-align: center; padding: 0 6px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: 600; }
.v-pass { background: var(--pass); } .v-fail { background: var(--fail); } .v-error { background: var(--error); }
.v-skip { background: var(--skip); } .v-na { background: var(--na); }
a.chip { text-decoration: none; margin: 0 2px 2px 0; }
.label-fatal { color: var(--fail); font-weight: 700; }
.filter-bar { display: flex; gap: 12px; align-items: center; margin: 6px 0; flex-wrap: wrap; }
.filter-bar input[type=search] { width: 280px; padding: 3px 6px; }
table.results { width: 100%; }
table.results td.id { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; white-space: nowrap; }
tr.detail > td { background: #fbfcfd; }
details > summary { cursor: pointer; color: #0969da; }
pre, code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; }
pre { background: var(--bg); padding: 6px 8px; overflow-x: auto; white-space: pre-wrap; word-break: break-word; margin: 4px 0; }
dl.ev { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0; }
dl.ev dt { color: #59636e; } dl.ev dd { margin: 0; }
button.copy { font-size: 12px; margin-left: 6px; cursor: pointer; }
.diagram { overflow-x: auto; margin: 6px 0; }
svg.ladder { font: 12px system-ui, sans-serif; background: #fff; }
svg.ladder .party rect { fill: #ddf4ff; stroke: #54aeff; }
svg.ladder .life { stroke: #8c959f; stroke-dasharray: 4 3; }
svg.ladder .msg line, svg.ladder .msg path { stroke: #424a53; stroke-width: 1.3; fill: none; }
svg.ladder .msg polygon { fill: #424a53; }
svg.ladder .when { fill: #6e7781; font-size: 11px; }
svg.ladder .offending line, svg.ladder .offending path { stroke: var(--fail); stroke-width: 2.4; }
svg.ladder .offending polygon, svg.ladder .offending text, svg.ladder .mark { fill: var(--fail); font-weight: 700; }
svg.ladder .gap { fill: #6e7781; }
.muted { color: #6e7781; }
`;

export const REPORT_SCRIPT = `
(function () {
  'use strict';
  function applyFilter(bar) {
    var table = document.getElementById(bar.getAttribute('data-table'));
    if (!table) return;
    var text = bar.querySelector('input[type=search]').value.trim().toLowerCase();
    var allowed = {};
    bar.querySelectorAll('input[type=checkbox]').forEach(function (c) { allowed[c.value] = c.checked; });
    var shown = 0, total = 0;
    table.querySelectorAll('tbody.result').forEach(function (body) {
      total++;
      var ok = allowed[body.getAttribute('data-verdict')] !== false &&
        (text === '' || (body.getAttribute('data-search') || '').indexOf(text) !== -1);
      body.hidden = !ok;
      if (ok) shown++;
    });
    var out = bar.querySelector('.shown');
    if (out) out.textContent = shown + ' of ' + total + ' shown';
  }
  document.querySelectorAll('.filter-bar').forEach(function (bar) {
    bar.addEventListener('input', function () { applyFilter(bar); });
    bar.addEventListener('change', function () { applyFilter(bar); });
    applyFilter(bar);
  });
  function fallbackCopy(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }
  document.querySelectorAll('button.copy').forEach(function (button) {
    button.addEventListener('click', function () {
      var code = button.parentNode.querySelector('code');
      var text = code ? code.textContent : '';
      var done = function (ok) { button.textContent = ok ? 'copied' : 'select and copy'; button.setAttribute('data-copied', String(ok)); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallbackCopy(text)); });
      } else {
        done(fallbackCopy(text));
      }
    });
  });
  // Opening a #t-... link shows that result even when the filter hid it.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id ? document.getElementById(id) : null;
    if (!el) return;
    var body = el.closest('tbody.result');
    if (body) { body.hidden = false; var d = body.querySelector('details'); if (d) d.open = true; }
  }
  window.addEventListener('hashchange', reveal);
  reveal();
})();
`;
