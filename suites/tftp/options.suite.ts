/**
 * TFTP option negotiation (RFC 2347 OACK, RFC 2348 blksize, RFC 2349 tsize, RFC 7440 windowsize;
 * TFTP-009, TFTP-011, TFTP-012, X-TFTP-002, X-TFTP-003): what the server acknowledges must be what
 * the phone can use. A server that ignores options (plain DATA) is allowed; such checks are n/a.
 */
import { numericOption, type TftpOption } from '../../lib/codec/tftp/index.js';
import { defineTest } from '../../lib/runner/define.js';
import { fail, notApplicable } from '../../lib/runner/judgement.js';
import type { TftpGetResult } from '../../lib/emulator/clients/tftp-client.js';
import { BLOCKS_FILE, BLOCKS_FILE_SIZE, blocksFileBytes } from '../../lib/runner/content.js';
import { tftpRead } from '../helpers/served.js';
import { expectTransferOk, sameBytes } from '../helpers/tftp-checks.js';

const needs = ['tftp'] as const;

function oackPacket(r: TftpGetResult): { packet: Uint8Array } | Record<string, never> {
  const e = r.log.find((x) => x.dir === 'rx' && x.packet?.opcode === 'OACK');
  return e ? { packet: e.bytes } : {};
}

function show(options: readonly TftpOption[] | undefined): string {
  return options ? options.map((o) => `${o.name}=${o.value}`).join(' ') || '(empty)' : 'no OACK';
}

/** The OACK's numeric value of `name`, or n/a when the server did not acknowledge it. */
function acknowledged(r: TftpGetResult, name: string): number {
  if (!r.oack) notApplicable(`the server answered without an OACK (options ignored, RFC 2347 allows it), so ${name} is not negotiated`);
  const opt = r.oack.find((o) => o.name.toLowerCase() === name);
  if (!opt) notApplicable(`the OACK (${show(r.oack)}) does not acknowledge ${name}`);
  return numericOption(r.oack, name) ?? NaN;
}

export const tftpOptionTests = [
  defineTest({
    id: 'tftp.oack.blksize-not-larger', title: 'OACK blksize is not larger than requested', requirements: ['TFTP-009', 'X-TFTP-002'], needs,
    why: 'RFC 2348: a phone that asked for 1024-octet blocks cannot take larger ones and aborts the transfer.',
    procedure: { setup: `The run's ${BLOCKS_FILE}.`, stimulus: 'RRQ with blksize=1024.', criteria: 'If the server sends an OACK with blksize (else n/a): 8 <= value <= 1024, every DATA fits it, and the file arrives intact.' },
    async run(ctx) {
      const r = await tftpRead(ctx, BLOCKS_FILE, { options: [{ name: 'blksize', value: '1024' }] });
      if (!r.outcome.ok && r.oack) {
        const b = numericOption(r.oack, 'blksize');
        if (b !== undefined && b > 1024) fail({ requirementId: 'TFTP-009', expected: 'OACK blksize <= 1024', observed: `OACK blksize=${b}`, message: `the OACK grants blksize ${b}, more than the 1024 requested`, ...oackPacket(r) });
      }
      const b = acknowledged(r, 'blksize');
      if (!(b <= 1024)) fail({ requirementId: 'TFTP-009', expected: 'OACK blksize <= 1024', observed: `OACK ${show(r.oack)}`, message: `the OACK grants blksize ${b}, more than the 1024 requested`, ...oackPacket(r) });
      if (!(b >= 8)) fail({ requirementId: 'X-TFTP-002', expected: 'OACK blksize within 8..65464', observed: `OACK ${show(r.oack)}`, message: `blksize ${b} is out of range`, ...oackPacket(r) });
      expectTransferOk(r, 'TFTP-009', BLOCKS_FILE);
      sameBytes(r.data, blocksFileBytes(ctx.seed), 'TFTP-009', BLOCKS_FILE);
    },
  }),
  defineTest({
    id: 'tftp.oack.tsize', title: 'OACK tsize is the file size', requirements: ['TFTP-011'], needs,
    why: 'RFC 2349: phones check tsize against their free space and the octets they then receive.',
    procedure: { setup: `The run's ${BLOCKS_FILE} (${BLOCKS_FILE_SIZE} octets).`, stimulus: 'RRQ with tsize=0.', criteria: 'If the OACK carries tsize (else n/a), it equals the number of octets transferred.' },
    async run(ctx) {
      const r = await tftpRead(ctx, BLOCKS_FILE, { options: [{ name: 'tsize', value: '0' }] });
      const t = acknowledged(r, 'tsize');
      expectTransferOk(r, 'TFTP-011', BLOCKS_FILE);
      if (t !== r.data.length) fail({ requirementId: 'TFTP-011', expected: `tsize=${r.data.length} (octets transferred)`, observed: `tsize=${Number.isNaN(t) ? JSON.stringify(r.oack?.find((o) => o.name.toLowerCase() === 'tsize')?.value) : t}`, message: 'the OACK tsize differs from the size of the file sent', ...oackPacket(r) });
    },
  }),
  defineTest({
    id: 'tftp.oack.unknown-option', title: 'Unknown options are left out of the OACK', requirements: ['TFTP-012'], needs,
    why: 'RFC 2347: a server must not acknowledge options it does not know; the phone refuses an OACK with options it never asked for.',
    procedure: { setup: 'The phone\'s profile.', stimulus: 'RRQ with blksize=512 and an unknown option x-provcert=1.', criteria: 'The OACK (if any) does not carry x-provcert, and the file arrives; an ERROR 8 (option refused) also passes.' },
    async run(ctx) {
      const phone = ctx.phones[0]!;
      const r = await tftpRead(ctx, phone.profilePath, { options: [{ name: 'blksize', value: '512' }, { name: 'x-provcert', value: '1' }] });
      if (r.oack?.some((o) => o.name.toLowerCase() === 'x-provcert')) fail({ requirementId: 'TFTP-012', expected: 'an OACK without x-provcert', observed: `OACK ${show(r.oack)}`, message: 'the server acknowledged an option it cannot know', ...oackPacket(r) });
      if (!r.outcome.ok && r.outcome.reason === 'error-packet' && r.outcome.code === 8) return;
      expectTransferOk(r, 'TFTP-012', phone.profilePath);
    },
  }),
  defineTest({
    id: 'tftp.oack.windowsize', title: 'OACK windowsize is usable and not larger than requested', requirements: ['X-TFTP-003', 'TFTP-012'], needs,
    why: 'RFC 7440: a phone that offers windowsize 4 acknowledges every 4th block; a larger window loses blocks.',
    procedure: { setup: `The run's ${BLOCKS_FILE}.`, stimulus: 'RRQ with blksize=256 and windowsize=4.', criteria: 'If the OACK carries windowsize (else n/a): 1 <= value <= 4, and the file arrives intact.' },
    async run(ctx) {
      const r = await tftpRead(ctx, BLOCKS_FILE, { options: [{ name: 'blksize', value: '256' }, { name: 'windowsize', value: '4' }] });
      const w = acknowledged(r, 'windowsize');
      if (!(w >= 1 && w <= 4)) fail({ requirementId: 'X-TFTP-003', expected: 'OACK windowsize within 1..4 (the request)', observed: `OACK ${show(r.oack)}`, message: `windowsize ${w} is larger than requested or out of range`, ...oackPacket(r) });
      expectTransferOk(r, 'TFTP-012', BLOCKS_FILE);
      sameBytes(r.data, blocksFileBytes(ctx.seed), 'TFTP-012', BLOCKS_FILE);
    },
  }),
];
