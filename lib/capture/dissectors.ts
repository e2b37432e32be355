/**
 * Application dissector registry. The application codecs (dhcp, tftp, sip, syslog, cwmp, http)
 * plug in here; the pipeline hands each one reassembled UDP datagrams or in-order TCP bytes.
 */
import type { CodecFinding } from '../codec/types.js';
import { ProvcertError } from '../errors.js';

export interface DissectorContext {
  readonly proto: 'udp' | 'tcp';
  readonly srcPort: number;
  readonly dstPort: number;
  readonly src: string;
  readonly dst: string;
}

export interface DissectorResult {
  readonly value: unknown;
  readonly findings?: readonly CodecFinding[];
}

export interface Dissector {
  /** Short name shown in reports ('dhcp', 'sip'). */
  readonly name: string;
  match(ctx: DissectorContext): boolean;
  /** Decodes one message; may throw DecodeError (recorded on the message, never fatal). */
  decode(payload: Uint8Array, ctx: DissectorContext): DissectorResult;
  /**
   * TCP only: the length of the first complete message at the start of `stream`, or 0 when more
   * bytes are needed (like Wireshark's tcp_dissect_pdus). Without it, every in-order run of bytes
   * is handed to decode as one message.
   */
  frameLength?(stream: Uint8Array, ctx: DissectorContext): number;
}

export class DissectorRegistry {
  private readonly list: Dissector[] = [];

  register(d: Dissector): void {
    if (this.list.some((x) => x.name === d.name)) throw new ProvcertError('PC_ERR_INTERNAL', `dissector '${d.name}' registered twice`);
    this.list.push(d);
  }

  /** First registered dissector that matches. */
  find(ctx: DissectorContext): Dissector | undefined {
    return this.list.find((d) => d.match(ctx));
  }

  get names(): string[] {
    return this.list.map((d) => d.name);
  }
}

/** The registry `provcert decode` uses; application codecs call registerDissector at import. */
export const defaultDissectors = new DissectorRegistry();

export function registerDissector(d: Dissector): void {
  defaultDissectors.register(d);
}
