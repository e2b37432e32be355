/**
 * The RFC 2349 timeout option (X-TFTP-001): a decimal number of seconds, 1..255. A server may
 * accept the value (echoing it unchanged in the OACK) or ignore the option; it must never answer
 * a different or out-of-range value, and it must not accept a millisecond value (the npm `tftp`
 * package's mistake, platform-facts.md) as if it were seconds.
 */
import { findOption, type TftpOption } from '../../lib/codec/tftp/index.js';
import { BLOCKS_FILE } from '../../lib/runner/content.js';
import { defineTest } from '../../lib/runner/define.js';
import { fail } from '../../lib/runner/judgement.js';
import type { TestContext } from '../../lib/runner/types.js';
import { tftpRead } from '../helpers/served.js';

const show = (o: readonly TftpOption[] | undefined) => (o === undefined ? 'no OACK' : `OACK ${o.map((x) => `${x.name}=${x.value}`).join(' ')}`);

/** The last packet received, for the evidence frame. */
function lastRx(r: Awaited<ReturnType<typeof tftpRead>>): { packet: Uint8Array } | Record<string, never> {
  const rx = [...r.log].reverse().find((e) => e.dir === 'rx');
  return rx ? { packet: rx.bytes } : {};
}

async function requestWithTimeout(ctx: TestContext, value: string) {
  return tftpRead(ctx, BLOCKS_FILE, { options: [{ name: 'timeout', value }, { name: 'tsize', value: '0' }] });
}

export const tftpTimeoutTests = [
  defineTest({
    id: 'tftp.oack.timeout-seconds', title: 'An accepted timeout is echoed unchanged, in seconds', requirements: ['X-TFTP-001'], needs: ['tftp'],
    why: 'RFC 2349 section 3: the server accepts the client\'s timeout as is or not at all; another value changes the retransmission timing the phone planned for.',
    procedure: { setup: 'The run\'s block file (3 x 512 octets).', stimulus: 'RRQ with timeout=3 and tsize=0.', criteria: 'If the OACK carries timeout, its value is exactly 3 (decimal seconds); the transfer completes.' },
    async run(ctx) {
      const r = await requestWithTimeout(ctx, '3');
      const t = r.oack ? findOption(r.oack, 'timeout') : undefined;
      if (t !== undefined && t.value !== '3') fail({ requirementId: 'X-TFTP-001', expected: 'timeout=3 in the OACK, or no timeout option', observed: show(r.oack), message: 'the server answered another timeout than the client asked for', ...lastRx(r) });
      if (!r.outcome.ok) fail({ requirementId: 'X-TFTP-001', expected: 'a completed transfer with the timeout option', observed: r.outcome.reason === 'error-packet' ? `ERROR ${r.outcome.code} ${r.outcome.message}` : r.outcome.message, message: 'a valid timeout option broke the transfer', ...lastRx(r) });
    },
  }),
  defineTest({
    id: 'tftp.oack.timeout-out-of-range', title: 'A timeout outside 1..255 seconds is not accepted', requirements: ['X-TFTP-001'], needs: ['tftp'],
    why: 'A millisecond value such as 1000 taken as seconds would make the server wait about 17 minutes before retransmitting to the phone.',
    procedure: { setup: 'As tftp.oack.timeout-seconds.', stimulus: 'RRQ with timeout=1000 (milliseconds, as the npm tftp package sends) and tsize=0; then with timeout=0.', criteria: 'No OACK carries timeout=1000 or timeout=0 (the server ignores the option or answers ERROR 8).' },
    async run(ctx) {
      for (const value of ['1000', '0']) {
        const r = await requestWithTimeout(ctx, value);
        const t = r.oack ? findOption(r.oack, 'timeout') : undefined;
        if (t !== undefined) fail({ requirementId: 'X-TFTP-001', expected: `timeout=${value} ignored, or ERROR 8`, observed: show(r.oack), message: `the server accepted timeout=${value}, outside 1..255 seconds (RFC 2349 section 3)`, ...lastRx(r) });
      }
    },
  }),
];
