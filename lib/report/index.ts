/** lib/report: result types, report model, writers (JSON, JUnit, HTML, Markdown) and baselines. */
export * from './types.js';
export { buildReport, type ReportMeta, type ReportState } from './model.js';
export { ReportWriter, linkLatest, REPORT_FILES, type ReportWriterOptions } from './writer.js';
export { compareBaseline, loadBaseline, parseBaseline, baselineFromResults, BASELINE_LABELS, type Baseline, type BaselineVerdict } from './baseline.js';
export { summarize, summarizeBySuite, coverageView, runOutcome, checkResultRequirements, DEFAULT_UNCOVERED_REASON } from './summary.js';
export { renderJunit } from './junit.js';
export { renderHtml, REPORT_CSP } from './html.js';
export { renderSummaryMarkdown } from './markdown.js';
export { renderLadderSvg } from './ladder-svg.js';
export { writeFileAtomic, writeFileAtomicSync } from './atomic.js';
