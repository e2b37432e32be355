/**
 * ReportWriter: owns the artefacts at the top of a run's output folder (conventions.md):
 * report.json rewritten atomically after every result (valid JSON at every moment, `complete: false`
 * until the end), and junit.xml, index.html and summary.md written by finish(), or by finishSync()
 * from a SIGINT handler with what was recorded so far. It never runs tests nor opens sockets.
 */
import { lstatSync, mkdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ProvcertError } from '../errors.js';
import { writeFileAtomic, writeFileAtomicSync } from './atomic.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { renderSummaryMarkdown } from './markdown.js';
import { buildReport, type ReportMeta } from './model.js';
import { checkResultRequirements } from './summary.js';
import type { Report, Result } from './types.js';

export const REPORT_FILES = { json: 'report.json', junit: 'junit.xml', html: 'index.html', markdown: 'summary.md' } as const;

export interface ReportWriterOptions extends ReportMeta {
  /** Clock for finishedAt (tests pass a fixed one). */
  now?: () => Date;
}

export class ReportWriter {
  readonly outDir: string;
  private readonly meta: ReportMeta;
  private readonly now: () => Date;
  private readonly results: Result[] = [];
  private readonly phoneResults: Result[] = [];
  private readonly labAdaptations: string[];
  private finished: Report | undefined;

  private constructor(outDir: string, options: ReportWriterOptions) {
    this.outDir = resolve(outDir);
    const { now, ...meta } = options;
    this.meta = meta;
    this.now = now ?? (() => new Date());
    this.labAdaptations = [...(meta.labAdaptations ?? [])];
  }

  /** Creates the folder and writes a first report.json with no results. */
  static create(outDir: string, options: ReportWriterOptions): ReportWriter {
    const baseline = options.baseline?.baseline;
    if (baseline && baseline.target !== options.target.name) {
      throw new ProvcertError('PC_ERR_CONFIG', `baseline is for target '${baseline.target}', this run is against '${options.target.name}'`);
    }
    const writer = new ReportWriter(outDir, options);
    try {
      mkdirSync(writer.outDir, { recursive: true });
    } catch (e) {
      throw new ProvcertError('PC_ERR_IO', `cannot create ${writer.outDir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { cause: e });
    }
    writer.writeJsonSync(writer.current());
    return writer;
  }

  /**
   * Records one result and rewrites report.json. `target` results carry server/both requirements;
   * `phone` results are the model tests' (conventions.md "subject"). Unknown IDs throw.
   */
  add(result: Result, section: 'target' | 'phone' = 'target'): void {
    if (this.finished) throw new ProvcertError('PC_ERR_INTERNAL', `result ${result.id} added after the report was finished`);
    checkResultRequirements(result, section);
    (section === 'target' ? this.results : this.phoneResults).push(structuredClone(result));
    this.writeJsonSync(this.current());
  }

  /** Records a lab adaptation found during the run (e.g. "DNS cross-check only with lab DNS"). */
  addLabAdaptation(text: string): void {
    if (!this.labAdaptations.includes(text)) this.labAdaptations.push(text);
  }

  /** The report as it stands (complete: false until finished). */
  current(): Report {
    return this.finished ?? buildReport({ ...this.meta, labAdaptations: this.labAdaptations }, { results: this.results, phoneResults: this.phoneResults, complete: false });
  }

  /** Writes junit.xml, index.html, summary.md and, last, the complete report.json. */
  async finish(): Promise<Report> {
    if (this.finished) return this.finished;
    const report = this.final(false);
    await writeFileAtomic(join(this.outDir, REPORT_FILES.junit), renderJunit(report));
    await writeFileAtomic(join(this.outDir, REPORT_FILES.html), renderHtml(report));
    await writeFileAtomic(join(this.outDir, REPORT_FILES.markdown), renderSummaryMarkdown(report));
    await writeFileAtomic(join(this.outDir, REPORT_FILES.json), `${JSON.stringify(report, null, 2)}\n`);
    return report;
  }

  /**
   * For a SIGINT/SIGTERM handler: writes every artefact synchronously from the results recorded
   * so far, marking the run interrupted (complete stays false) unless `interrupted: false`.
   */
  finishSync(options: { interrupted?: boolean } = {}): Report {
    if (this.finished) return this.finished;
    const report = this.final(options.interrupted ?? true);
    writeFileAtomicSync(join(this.outDir, REPORT_FILES.junit), renderJunit(report));
    writeFileAtomicSync(join(this.outDir, REPORT_FILES.html), renderHtml(report));
    writeFileAtomicSync(join(this.outDir, REPORT_FILES.markdown), renderSummaryMarkdown(report));
    this.writeJsonSync(report);
    return report;
  }

  private final(interrupted: boolean): Report {
    const report = buildReport({ ...this.meta, labAdaptations: this.labAdaptations }, {
      results: this.results,
      phoneResults: this.phoneResults,
      complete: !interrupted,
      finishedAt: this.now().toISOString(),
      interrupted,
    });
    this.finished = report;
    return report;
  }

  private writeJsonSync(report: Report): void {
    writeFileAtomicSync(join(this.outDir, REPORT_FILES.json), `${JSON.stringify(report, null, 2)}\n`);
  }
}

/**
 * Points `<parent of outDir>/latest` at outDir (a relative symlink, replaced atomically by renaming
 * a new link over it). A real file or folder named `latest` is left alone and reported.
 */
export function linkLatest(outDir: string): string {
  const dir = resolve(outDir);
  const link = join(dirname(dir), 'latest');
  if (basename(dir) === 'latest') throw new ProvcertError('PC_ERR_IO', `${dir}: an output folder cannot itself be called 'latest'`);
  try {
    if (!lstatSync(link).isSymbolicLink()) throw new ProvcertError('PC_ERR_IO', `${link} exists and is not a symlink; not replaced`);
  } catch (e) {
    if (e instanceof ProvcertError) throw e;
    // ENOENT: no link yet.
  }
  const tmp = join(dirname(dir), `.latest.${process.pid}.tmp`);
  try {
    rmSync(tmp, { force: true });
    symlinkSync(basename(dir), tmp);
    renameSync(tmp, link);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new ProvcertError('PC_ERR_IO', `cannot link ${link} -> ${basename(dir)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { cause: e });
  }
  return link;
}
