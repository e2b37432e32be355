/**
 * The findings section of a fuzz session in the report formats of `provcert run` (issue 7 part 4):
 * report.json, junit.xml, index.html and summary.md in the --out folder, through lib/report's
 * ReportWriter (so schemas/report.schema.json holds). One `fail` result per finding, naming the
 * oracle's X-FUZZ requirement, with the minimised input and the replay command as evidence; one
 * `pass` result per enabled oracle that found nothing, so the report shows what was checked.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ReportWriter, type Report, type Result } from '../report/index.js';
import { getRequirement } from '../requirements/index.js';
import type { FuzzSession } from './runner.js';
import type { FindingRecord } from './store.js';
import type { OracleName } from './types.js';

/** The requirement each oracle judges (lib/requirements/x-requirements.json). */
export const ORACLE_REQUIREMENT: Readonly<Record<OracleName, string>> = {
  crash: 'X-FUZZ-001',
  'untyped-error': 'X-FUZZ-002',
  hang: 'X-FUZZ-003',
  memory: 'X-FUZZ-004',
  'accepts-invalid': 'X-FUZZ-005',
  'rejects-valid': 'X-FUZZ-006',
  differential: 'X-FUZZ-007',
};

const EXPECTED: Readonly<Record<OracleName, string>> = {
  crash: 'no signal, no exit code >= the crash threshold, no HTTP 5xx or dropped connection',
  'untyped-error': 'only typed rejections',
  hang: 'every execution finishes within the timeout',
  memory: 'peak memory under the limit',
  'accepts-invalid': 'rejects what provcert\'s reference rejects',
  'rejects-valid': 'accepts what provcert\'s reference accepts',
  differential: 'all targets reach the same outcome',
};

export interface FuzzReportMeta {
  readonly targets: readonly string[];
  readonly oracles: readonly OracleName[];
  readonly startedAt: string;
  /** The report's target kind: command for --cmd/--module, external for --url/--serve, builtin for our own parser. */
  readonly kind: 'builtin' | 'command' | 'external';
  readonly now?: () => Date;
}

/** Test IDs are dotted lower-case (conventions.md); a signature becomes the last part. */
const idPart = (s: string) => s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'x';

function findingResult(f: FindingRecord, out: string, durationMs: number): Result {
  const requirementId = ORACLE_REQUIREMENT[f.oracle];
  const observed = f.observations.map((o) => `${o.target}: ${o.outcome}${o.exitCode != null ? ` exit ${o.exitCode}` : ''}${o.signal ? ` ${o.signal}` : ''}${o.status !== undefined ? ` status ${o.status}` : ''} in ${o.durationMs} ms`).join('; ');
  const rel = (p: string) => relative(out, p);
  return {
    id: `fuzz.${idPart(f.oracle)}.${idPart(f.signature)}`, suite: 'fuzz', title: f.summary.slice(0, 200),
    requirements: [requirementId], level: getRequirement(requirementId).level, durationMs,
    verdict: 'fail', requirementId, expected: EXPECTED[f.oracle], observed,
    message: `${f.summary} (input ${f.sizeBefore} -> ${f.sizeAfter} bytes, ${f.hits} hit(s), layer ${f.layer}${f.mutations.length ? `: ${f.mutations.join(', ')}` : ''})`,
    evidence: {
      logs: [`${rel(f.dir)}/input.bin`, `${rel(f.dir)}/finding.json`, `${rel(f.dir)}/replay.sh`],
      seed: f.seed, path: f.path, replay: f.replay,
    },
  };
}

function readFinding(path: string): FindingRecord | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as FindingRecord;
  } catch {
    return undefined; // written by an older session and since removed: nothing to show
  }
}

/** Writes report.json, junit.xml, index.html and summary.md for one session into `out`. */
export async function writeFuzzReport(out: string, session: FuzzSession, meta: FuzzReportMeta): Promise<Report> {
  const writer = ReportWriter.create(out, {
    target: { name: meta.targets.join(' vs '), kind: meta.kind, serves: [], versions: {} },
    seed: session.seed, startedAt: meta.startedAt,
    labAdaptations: [`fuzz session: ${session.runs} runs in ${(session.elapsedMs / 1000).toFixed(1)} s (${session.execsPerSec} execs/s), stopped by ${session.stoppedBy}`],
    ...(meta.now ? { now: meta.now } : {}),
  });
  const per = session.runs > 0 ? session.elapsedMs / session.runs : 0;
  for (const f of session.findings) writer.add(findingResult(f, out, Math.round(per)));
  const fired = new Set<OracleName>([...session.findings.map((f) => f.oracle)]);
  // Signatures an earlier session reported (--resume) that this one hit again still fail here.
  for (const sig of session.repeated) {
    const f = readFinding(join(out, 'findings', sig, 'finding.json'));
    if (!f) continue;
    writer.add({ ...findingResult(f, out, Math.round(per)), message: `seen again in this session: ${f.summary}` } as Result);
    fired.add(f.oracle);
  }
  for (const oracle of meta.oracles) {
    if (fired.has(oracle)) continue;
    const requirementId = ORACLE_REQUIREMENT[oracle];
    writer.add({
      id: `fuzz.${idPart(oracle)}.no-finding`, suite: 'fuzz', title: `${oracle}: nothing found in ${session.runs} runs`,
      requirements: [requirementId], level: getRequirement(requirementId).level, durationMs: Math.round(session.elapsedMs),
      verdict: 'pass', message: `${EXPECTED[oracle]}: held for ${session.runs} generated inputs (seed ${session.seed})`,
      evidence: { seed: session.seed },
    });
  }
  return writer.finish();
}
