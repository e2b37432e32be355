import { createHash } from 'node:crypto';

/** Identity of a packet's bytes, used to find the same message in the socket-level and wire captures. */
export function contentKey(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}
