/** Pass criteria over a TFTP transfer the emulator's client logged (shared by the tftp suite). */
import { createHash } from 'node:crypto';
import type { TftpData } from '../../lib/codec/tftp/index.js';
import type { TftpGetResult } from '../../lib/emulator/clients/tftp-client.js';
import { fail } from '../../lib/runner/judgement.js';

/** DATA packets received, in order, with their bytes (duplicates included). */
export function rxData(r: TftpGetResult): { packet: TftpData; bytes: Uint8Array }[] {
  return r.log.flatMap((e) => (e.dir === 'rx' && e.packet?.opcode === 'DATA' ? [{ packet: e.packet, bytes: e.bytes }] : []));
}

function lastRx(r: TftpGetResult): { packet: Uint8Array } | Record<string, never> {
  const e = [...r.log].reverse().find((x) => x.dir === 'rx');
  return e ? { packet: e.bytes } : {};
}

/** The transfer must have completed; otherwise fail `requirement` with the client's outcome. */
export function expectTransferOk(r: TftpGetResult, requirement: string, file: string): void {
  if (r.outcome.ok) return;
  const observed = r.outcome.reason === 'error-packet' ? `ERROR ${r.outcome.code} ${r.outcome.message}` : `${r.outcome.reason}: ${r.outcome.message}`;
  fail({ requirementId: requirement, expected: `the transfer of ${file} completes`, observed, message: `reading ${file} failed: ${observed}`, ...lastRx(r) });
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex').slice(0, 16);

/** The octets received equal the file's. */
export function sameBytes(got: Uint8Array, want: Uint8Array, requirement: string, file: string): void {
  if (Buffer.from(got).equals(Buffer.from(want))) return;
  fail({ requirementId: requirement, expected: `${want.length} octets, sha256 ${sha(want)}...`, observed: `${got.length} octets, sha256 ${sha(got)}...`, message: `the octets received for ${file} differ from the file` });
}
