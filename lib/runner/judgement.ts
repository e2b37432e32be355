/**
 * How a test says something other than "pass": a Judgement is thrown (PC_ERR_JUDGEMENT) and the
 * runner turns it into a fail (with requirement, expected, observed and the offending packet),
 * a skip or an n/a result. Any other exception is an `error` (the test or the target broke).
 */
import { ProvcertError } from '../errors.js';

export type JudgementKind = 'fail' | 'skip' | 'n/a';

export interface FailDetails {
  readonly requirementId: string;
  readonly expected: string;
  readonly observed: string;
  readonly message: string;
  /** Bytes of the offending message (mapped to its frame number in the test's pcap). */
  readonly packet?: Uint8Array;
}

export class Judgement extends ProvcertError {
  readonly kind: JudgementKind;
  readonly expected?: string;
  readonly observed?: string;
  readonly packet?: Uint8Array;

  constructor(kind: JudgementKind, message: string, details: Partial<FailDetails> = {}) {
    super('PC_ERR_JUDGEMENT', message, details.requirementId !== undefined ? { requirementId: details.requirementId } : {});
    this.name = 'Judgement';
    this.kind = kind;
    if (details.expected !== undefined) this.expected = details.expected;
    if (details.observed !== undefined) this.observed = details.observed;
    if (details.packet !== undefined) this.packet = details.packet;
  }
}

export function isJudgement(e: unknown): e is Judgement {
  return e instanceof Judgement;
}

/** A pass criterion failed. */
export function fail(details: FailDetails): never {
  throw new Judgement('fail', details.message, details);
}

/** The test cannot run here (a tool is missing, the target gave nothing to test with). */
export function skip(reason: string): never {
  throw new Judgement('skip', reason);
}

/** The test does not apply to this target (found out while running, e.g. an option the target does not send). */
export function notApplicable(reason: string): never {
  throw new Judgement('n/a', reason);
}
