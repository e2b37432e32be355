/**
 * TFTP option negotiation for a read request, pure (RFC 2347, 2348, 2349, 7440). Every accepted
 * option is answered with a value never larger than the one requested (TFTP-009); unknown or
 * malformed options are left out of the OACK (TFTP-012); tsize is answered with the file size
 * (TFTP-011). No accepted option means no OACK: DATA block 1 starts the transfer (RFC 2347).
 */
import { TFTP_OPTION_LIMITS, type TftpOption } from '../../codec/tftp/index.js';

export interface TftpLimits {
  /** Largest block size this server sends (lab: fits a 1500-byte MTU; loopback: larger). */
  readonly maxBlksize: number;
  readonly maxWindowsize: number;
  /** Retransmission timeout without a negotiated one (ms). */
  readonly defaultTimeoutMs: number;
}

export interface Negotiated {
  readonly blksize: number;
  readonly windowsize: number;
  readonly timeoutMs: number;
  /** Options for the OACK in the client's order and spelling; empty = no OACK. */
  readonly oack: TftpOption[];
  /** Options left out, with why (for the log). */
  readonly ignored: string[];
}

function decimal(v: string): number | undefined {
  return /^\d{1,15}$/.test(v) ? Number(v) : undefined;
}

export function negotiate(options: readonly TftpOption[], fileSize: number, limits: TftpLimits): Negotiated {
  let blksize = 512;
  let windowsize = 1;
  let timeoutMs = limits.defaultTimeoutMs;
  const oack: TftpOption[] = [];
  const ignored: string[] = [];
  const seen = new Set<string>();
  for (const o of options) {
    const name = o.name.toLowerCase();
    if (seen.has(name)) {
      ignored.push(`${o.name} (repeated)`);
      continue;
    }
    seen.add(name);
    const n = decimal(o.value);
    const limit = TFTP_OPTION_LIMITS[name];
    if (!limit) {
      ignored.push(`${o.name} (unknown)`);
      continue;
    }
    if (n === undefined || n < limit.min || n > limit.max) {
      ignored.push(`${o.name}=${o.value} (outside ${limit.min}..${limit.max}, ${limit.rfc})`);
      continue;
    }
    switch (name) {
      case 'blksize':
        // RFC 2348: the server may answer a smaller size; never a larger one (TFTP-009).
        blksize = Math.min(n, limits.maxBlksize);
        oack.push({ name: o.name, value: String(blksize) });
        break;
      case 'windowsize':
        windowsize = Math.min(n, limits.maxWindowsize);
        oack.push({ name: o.name, value: String(windowsize) });
        break;
      case 'timeout':
        // RFC 2349: the server accepts the value as is or ignores the option; it cannot change it.
        timeoutMs = n * 1000;
        oack.push({ name: o.name, value: String(n) });
        break;
      case 'tsize':
        // RFC 2349: in a read request the client sends 0 and the server answers the size.
        oack.push({ name: o.name, value: String(fileSize) });
        break;
    }
  }
  return { blksize, windowsize, timeoutMs, oack, ignored };
}
