/**
 * TFTP transfers as a phone sees them (RFC 1350; TFTP-002, TFTP-005..007, TFTP-010): a new TID,
 * 512-octet blocks ending in a short (possibly empty) block, ERROR 1 for missing files and the
 * retransmission of unacknowledged DATA. Judged from the packets the emulator's client logged.
 */
import { defineTest } from '../../lib/runner/define.js';
import { fail, notApplicable } from '../../lib/runner/judgement.js';
import { BLOCKS_FILE, BLOCKS_FILE_SIZE, blocksFileBytes } from '../../lib/runner/content.js';
import { missingPath, serviceEndpoint, tftpRead } from '../helpers/served.js';
import { expectTransferOk, rxData, sameBytes } from '../helpers/tftp-checks.js';

const needs = ['tftp'] as const;

export const tftpTransferTests = [
  defineTest({
    id: 'tftp.transfer.new-tid', title: 'DATA comes from a new transfer ID', requirements: ['TFTP-005'], needs,
    why: 'RFC 1350 section 4: a phone answers DATA from the listening port with ERROR 5 and never gets its profile.',
    procedure: { setup: 'The phone\'s provisioned profile.', stimulus: 'RRQ (no options) to the TFTP port.', criteria: 'The transfer completes and every reply comes from one source port other than the port the RRQ was sent to.' },
    async run(ctx) {
      const phone = ctx.phones[0]!;
      const server = serviceEndpoint(ctx, 'tftp');
      const r = await tftpRead(ctx, phone.profilePath);
      const first = r.log.find((e) => e.dir === 'rx');
      if (!first || !r.serverTid) fail({ requirementId: 'TFTP-005', expected: 'DATA block 1 from a new TID', observed: 'no reply', message: `no reply to RRQ ${phone.profilePath}` });
      if (r.serverTid.port === server.port) fail({ requirementId: 'TFTP-005', expected: `a source port other than ${server.port}`, observed: `replies from port ${server.port}`, message: 'the server answered from its listening port, not a new TID', packet: first.bytes });
      expectTransferOk(r, 'TFTP-005', phone.profilePath);
    },
  }),
  defineTest({
    id: 'tftp.transfer.block-size', title: '512-octet blocks, numbered from 1, final short block', requirements: ['TFTP-006'], needs,
    why: 'Without options the phone reads 512-octet blocks and takes the first shorter one as the end of the file.',
    procedure: { setup: `The run's ${BLOCKS_FILE} (${BLOCKS_FILE_SIZE} octets, an exact multiple of 512).`, stimulus: 'RRQ without options; every DATA acknowledged.', criteria: 'DATA 1, 2, 3 carry 512 octets, DATA 4 is empty (RFC 1350 section 6), and the octets equal the file.' },
    async run(ctx) {
      const r = await tftpRead(ctx, BLOCKS_FILE);
      expectTransferOk(r, 'TFTP-006', BLOCKS_FILE);
      const data = rxData(r);
      const want = BLOCKS_FILE_SIZE / 512 + 1;
      data.forEach((d, i) => {
        const size = i < want - 1 ? 512 : 0;
        if (d.packet.block !== i + 1) fail({ requirementId: 'TFTP-006', expected: `DATA block ${i + 1}`, observed: `DATA block ${d.packet.block}`, message: 'blocks are not numbered 1, 2, 3, ...', packet: d.bytes });
        if (d.packet.data.length !== size) fail({ requirementId: 'TFTP-006', expected: `DATA ${i + 1} with ${size} octets`, observed: `${d.packet.data.length} octets`, message: `DATA ${i + 1} has ${d.packet.data.length} octets, expected ${size}`, packet: d.bytes });
      });
      if (data.length !== want) fail({ requirementId: 'TFTP-006', expected: `${want} DATA blocks (the last one empty)`, observed: `${data.length} blocks`, message: `a ${BLOCKS_FILE_SIZE}-octet file must end with an empty DATA ${want}`, ...(data.at(-1) ? { packet: data.at(-1)!.bytes } : {}) });
      sameBytes(r.data, blocksFileBytes(ctx.seed), 'TFTP-006', BLOCKS_FILE);
    },
  }),
  defineTest({
    id: 'tftp.errors.file-not-found', title: 'ERROR 1 for a missing file', requirements: ['TFTP-007'], needs,
    why: 'A phone distinguishes "no such file" (try the next rule) from a broken server only by ERROR code 1.',
    procedure: { setup: 'A random file name nobody provisioned.', stimulus: 'RRQ for it.', criteria: 'The answer is an ERROR packet with code 1.' },
    async run(ctx) {
      const name = missingPath(ctx);
      const r = await tftpRead(ctx, name);
      const rx = r.log.find((e) => e.dir === 'rx');
      if (r.outcome.ok) fail({ requirementId: 'TFTP-007', expected: 'ERROR 1 (File not found)', observed: `${r.data.length} octets of DATA`, message: `the server sent DATA for ${name}, which does not exist`, ...(rx ? { packet: rx.bytes } : {}) });
      if (r.outcome.reason !== 'error-packet') fail({ requirementId: 'TFTP-007', expected: 'ERROR 1 (File not found)', observed: `${r.outcome.reason}: ${r.outcome.message}`, message: `no ERROR packet for missing ${name}`, ...(rx ? { packet: rx.bytes } : {}) });
      if (r.outcome.code !== 1) fail({ requirementId: 'TFTP-007', expected: 'ERROR code 1', observed: `ERROR code ${r.outcome.code} (${r.outcome.message})`, message: `missing file answered with ERROR ${r.outcome.code}`, ...(rx ? { packet: rx.bytes } : {}) });
    },
  }),
  defineTest({
    id: 'tftp.transfer.retransmit', title: 'Unacknowledged DATA is sent again', requirements: ['TFTP-010'], needs, timeoutMs: 20_000,
    why: 'On a lossy network the phone relies on the server resending the DATA whose ACK was lost.',
    procedure: { setup: `The run's ${BLOCKS_FILE}.`, stimulus: 'RRQ with timeout=1; the ACK of DATA 2 is withheld once, and the client does not retransmit anything itself for 6 s.', criteria: 'DATA 2 arrives again without prompting and the transfer then completes with the right octets.' },
    async run(ctx) {
      const r = await tftpRead(ctx, BLOCKS_FILE, { options: [{ name: 'timeout', value: '1' }], timeoutMs: 6000, retries: 1, hooks: { withholdAck: (block, attempt) => block === 2 && attempt === 1 } });
      const data = rxData(r);
      const repeats = data.filter((d) => d.packet.block === 2).length;
      if (repeats < 2) fail({ requirementId: 'TFTP-010', expected: 'DATA 2 retransmitted after its ACK was withheld', observed: `DATA 2 seen ${repeats} time(s)${r.outcome.ok ? '' : `; ${r.outcome.message}`}`, message: 'the server did not retransmit unacknowledged DATA', ...(data.at(-1) ? { packet: data.at(-1)!.bytes } : {}) });
      expectTransferOk(r, 'TFTP-010', BLOCKS_FILE);
      sameBytes(r.data, blocksFileBytes(ctx.seed), 'TFTP-010', BLOCKS_FILE);
    },
  }),
  defineTest({
    id: 'tftp.transfer.default-port', title: 'TFTP is served on port 69', requirements: ['TFTP-002'], needs,
    applies: (t) => (t.mode === 'loopback' ? 'loopback mode listens on unprivileged ports; the default port is checked only in the lab' : undefined),
    why: 'A phone given tftp://host/file without a port asks UDP 69; a server elsewhere is unreachable.',
    procedure: { setup: 'Lab mode.', stimulus: 'RRQ for the phone\'s profile to the server address, port 69.', criteria: 'The profile arrives.' },
    async run(ctx) {
      const phone = ctx.phones[0]!;
      if (serviceEndpoint(ctx, 'tftp').port !== 69) notApplicable(`the target file fixes the TFTP port to ${serviceEndpoint(ctx, 'tftp').port}`);
      const r = await tftpRead(ctx, phone.profilePath);
      expectTransferOk(r, 'TFTP-002', phone.profilePath);
    },
  }),
];
