/** A minimal valid message for unit tests; options given by the caller. */
import { MAGIC_COOKIE, macToChaddr, type DhcpMessage, type DhcpOption } from '../../../lib/codec/dhcp/index.js';

export function message(options: DhcpOption[], extra: Partial<DhcpMessage> = {}): DhcpMessage {
  return {
    op: 1, htype: 1, hlen: 6, hops: 0, xid: 0x12345678, secs: 0, flags: 0x8000,
    ciaddr: '0.0.0.0', yiaddr: '0.0.0.0', siaddr: '0.0.0.0', giaddr: '0.0.0.0',
    chaddr: macToChaddr('00:11:22:33:44:55'),
    sname: new Uint8Array(64), file: new Uint8Array(128),
    cookie: MAGIC_COOKIE,
    options,
    ...extra,
  };
}

/** The 240-byte header of `message([])` followed by the given option-area bytes. */
export function withOptionBytes(bytes: readonly number[], extra: Partial<DhcpMessage> = {}): Uint8Array {
  const head = encodeHeader(extra);
  const out = new Uint8Array(head.length + bytes.length);
  out.set(head);
  out.set(bytes, head.length);
  return out;
}

import { dhcpCodec } from '../../../lib/codec/dhcp/index.js';
function encodeHeader(extra: Partial<DhcpMessage>): Uint8Array {
  // Encoded with no options and no END: exactly the 240-byte header.
  return dhcpCodec.encode(message([], { ...extra, framing: { options: { end: false, trailer: new Uint8Array(0) } } }));
}
