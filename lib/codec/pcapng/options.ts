/**
 * pcapng options (§3.5): a list of code/length/value, each value padded to 32 bits.
 * Kept as a list in wire order (opt_endofopt included when present) so re-encoding is exact.
 */
import type { CodecFinding } from '../types.js';
import { encodeError } from '../link/bytes.js';
import { DEFAULT_TSRESOL, IDB_OPT, OPT } from './codes.js';

export interface PcapngOption {
  readonly code: number;
  readonly value: Uint8Array;
}

const pad4 = (n: number): number => (n + 3) & ~3;

export function decodeOptions(dv: DataView, bytes: Uint8Array, start: number, end: number, le: boolean, baseOffset: number, findings: CodecFinding[]): PcapngOption[] {
  const out: PcapngOption[] = [];
  let i = start;
  while (i < end) {
    if (i + 4 > end) {
      findings.push({ code: 'pcapng-option-malformed', path: `options[${out.length}]`, offset: baseOffset + i, message: `${end - i} stray octets where an option header was expected` });
      break;
    }
    const code = dv.getUint16(i, le);
    const len = dv.getUint16(i + 2, le);
    if (i + 4 + len > end) {
      findings.push({ code: 'pcapng-option-malformed', path: `options[${out.length}]`, offset: baseOffset + i, message: `option ${code} length ${len} runs past the block body` });
      break;
    }
    out.push({ code, value: bytes.slice(i + 4, i + 4 + len) });
    i += 4 + pad4(len);
    if (code === OPT.ENDOFOPT) break;
  }
  return out;
}

export function optionsLength(options: readonly PcapngOption[]): number {
  return options.reduce((n, o) => n + 4 + pad4(o.value.length), 0);
}

export function encodeOptions(out: Uint8Array, dv: DataView, at: number, options: readonly PcapngOption[], le: boolean): number {
  let i = at;
  for (const o of options) {
    if (o.value.length > 0xffff) throw encodeError('pcapng', `option ${o.code} value of ${o.value.length} octets is too long`);
    dv.setUint16(i, o.code, le);
    dv.setUint16(i + 2, o.value.length, le);
    out.set(o.value, i + 4);
    i += 4 + pad4(o.value.length);
  }
  return i;
}

const utf8 = new TextDecoder('utf-8');
const utf8enc = new TextEncoder();

export function stringOption(code: number, text: string): PcapngOption {
  return { code, value: utf8enc.encode(text) };
}

export function endOfOptions(): PcapngOption {
  return { code: OPT.ENDOFOPT, value: new Uint8Array(0) };
}

/** All values of a string option (opt_comment may appear several times). */
export function stringOptions(options: readonly PcapngOption[], code: number): string[] {
  return options.filter((o) => o.code === code).map((o) => utf8.decode(o.value));
}

export function commentsOf(options: readonly PcapngOption[]): string[] {
  return stringOptions(options, OPT.COMMENT);
}

/** if_tsresol (§4.2): bit 7 clear = 10^-n seconds, set = 2^-n seconds. */
export interface TsResolution {
  readonly base: 10 | 2;
  readonly exponent: number;
}

export function tsResolutionOf(options: readonly PcapngOption[]): TsResolution {
  const o = options.find((x) => x.code === IDB_OPT.TSRESOL && x.value.length >= 1);
  const r = o ? o.value[0]! : DEFAULT_TSRESOL;
  return r & 0x80 ? { base: 2, exponent: r & 0x7f } : { base: 10, exponent: r };
}

/** if_tsoffset (§4.2): signed seconds added to every timestamp of the interface. */
export function tsOffsetOf(options: readonly PcapngOption[], le: boolean): bigint {
  const o = options.find((x) => x.code === IDB_OPT.TSOFFSET && x.value.length === 8);
  if (!o) return 0n;
  return new DataView(o.value.buffer, o.value.byteOffset, 8).getBigInt64(0, le);
}

/** Raw timestamp units to nanoseconds (floor when the resolution is finer than 1 ns). */
export function unitsToNs(units: bigint, res: TsResolution): bigint {
  if (res.base === 10) {
    return res.exponent <= 9 ? units * 10n ** BigInt(9 - res.exponent) : units / 10n ** BigInt(res.exponent - 9);
  }
  return (units * 1_000_000_000n) >> BigInt(res.exponent);
}

/** Nanoseconds to raw units (floor) for the writer. */
export function nsToUnits(ns: bigint, res: TsResolution): bigint {
  if (res.base === 10) {
    return res.exponent <= 9 ? ns / 10n ** BigInt(9 - res.exponent) : ns * 10n ** BigInt(res.exponent - 9);
  }
  return (ns << BigInt(res.exponent)) / 1_000_000_000n;
}
