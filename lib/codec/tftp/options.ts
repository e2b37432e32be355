/**
 * TFTP option negotiation helpers (RFC 2347 option extension; RFC 2348 blksize; RFC 2349
 * timeout and tsize; RFC 7440 windowsize). Values travel as decimal ASCII strings; out-of-range
 * values still frame, so they are findings, never exceptions.
 */
import type { CodecFinding } from '../types.js';
import { ProvcertError } from '../../errors.js';
import type { TftpOption } from './types.js';

export interface NumericOptionLimit {
  readonly min: number;
  readonly max: number;
  readonly rfc: string;
}

/** Ranges that the RFCs give for each numeric option. */
export const TFTP_OPTION_LIMITS: Readonly<Record<string, NumericOptionLimit>> = {
  // RFC 2348: "valid values range between 8 and 65464 octets, inclusive".
  blksize: { min: 8, max: 65464, rfc: 'RFC 2348' },
  // RFC 2349 section "Timeout Interval Option": seconds, 1..255.
  timeout: { min: 1, max: 255, rfc: 'RFC 2349' },
  // RFC 2349 "Transfer Size Option": octets; 0 in an RRQ asks the server for the size.
  tsize: { min: 0, max: Number.MAX_SAFE_INTEGER, rfc: 'RFC 2349' },
  // RFC 7440 section 3: windowsize 1..65535 blocks.
  windowsize: { min: 1, max: 65535, rfc: 'RFC 7440' },
};

/** The first option with this name, compared case-insensitively (RFC 2347). */
export function findOption(options: readonly TftpOption[], name: string): TftpOption | undefined {
  const want = name.toLowerCase();
  return options.find((o) => o.name.toLowerCase() === want);
}

/** The option's value as a number when it is plain decimal digits, else undefined. */
export function numericOption(options: readonly TftpOption[], name: string): number | undefined {
  const o = findOption(options, name);
  if (!o || !/^\d{1,15}$/.test(o.value)) return undefined;
  return Number(o.value);
}

/**
 * Findings for option values: non-numeric or out-of-range known options and repeated names.
 * `offsets[i]` is the byte offset of option i (defaults to 0).
 */
export function optionFindings(options: readonly TftpOption[], path: string, offsets: readonly number[] = []): CodecFinding[] {
  const findings: CodecFinding[] = [];
  const seen = new Set<string>();
  options.forEach((o, i) => {
    const name = o.name.toLowerCase();
    const offset = offsets[i] ?? 0;
    const where = `${path}.${o.name}`;
    if (seen.has(name)) {
      findings.push({ code: 'tftp-duplicate-option', path: where, offset, message: `option '${o.name}' appears more than once` });
    }
    seen.add(name);
    const limit = TFTP_OPTION_LIMITS[name];
    if (!limit) return;
    if (!/^\d{1,15}$/.test(o.value)) {
      findings.push({ code: 'tftp-option-not-numeric', path: where, offset, message: `${o.name}='${o.value}' is not a decimal number (${limit.rfc})` });
      return;
    }
    const n = Number(o.value);
    if (n < limit.min || n > limit.max) {
      // The npm `tftp` package sends timeout in milliseconds (platform-facts.md); say so when it looks like it.
      const hint = name === 'timeout' && n >= 1000 ? ' (looks like milliseconds; RFC 2349 counts seconds)' : '';
      findings.push({
        code: `tftp-${name}-out-of-range`,
        path: where,
        offset,
        message: `${o.name}=${n} is outside ${limit.min}..${limit.max} (${limit.rfc})${hint}`,
        ...(name === 'timeout' ? { requirementId: 'X-TFTP-001' } : name === 'blksize' ? { requirementId: 'X-TFTP-002' } : name === 'windowsize' ? { requirementId: 'X-TFTP-003' } : {}),
      });
    }
  });
  return findings;
}

export interface RequestOptionValues {
  readonly blksize?: number;
  /** Seconds (RFC 2349), not milliseconds. */
  readonly timeout?: number;
  readonly tsize?: number;
  readonly windowsize?: number;
}

/**
 * Builds a valid option list in a fixed order (blksize, timeout, tsize, windowsize). Out-of-range
 * values are refused here; to send a deliberately bad value, write the TftpOption by hand.
 */
export function buildOptions(values: RequestOptionValues): TftpOption[] {
  const out: TftpOption[] = [];
  for (const name of ['blksize', 'timeout', 'tsize', 'windowsize'] as const) {
    const v = values[name];
    if (v === undefined) continue;
    const limit = TFTP_OPTION_LIMITS[name]!;
    if (!Number.isInteger(v) || v < limit.min || v > limit.max) {
      throw new ProvcertError('PC_ERR_ENCODE_INVALID', `${name}=${v} is outside ${limit.min}..${limit.max} (${limit.rfc})`, { proto: 'tftp' });
    }
    out.push({ name, value: String(v) });
  }
  return out;
}
