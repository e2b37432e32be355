import { stat } from 'node:fs/promises';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { parseFlags, intFlag, type Command, type CliIO } from '../command.js';
import { ProvcertError, usageError } from '../../errors.js';
import { decodeCapture, summaryLine } from '../../decode/index.js';

const usage = `usage: provcert decode FILE.pcap|FILE.pcapng [--json] [--dhcp-port N]...

Decodes every frame of a pcap or pcapng capture (format found by magic number) into one record:
frame number as Wireshark counts it, time (epoch and relative, nanoseconds), link, IP, ports,
and named fields for DHCP, TFTP, HTTP (and CWMP in HTTP bodies), SIP and syslog. Frames that
cannot be decoded are kept, with the error code and byte offset. docs/decode.md lists the fields.

output: one line per frame (like tshark's summary), or with --json a JSON array of records,
written as it is read (memory stays bounded for any file size).

options:
  --json          print a JSON array of records instead of text lines
  --dhcp-port N   also decode UDP port N as DHCP (repeatable; e.g. the emulator's loopback ports)

exit codes: 0 the whole capture was read; 1 not a capture, unreadable, or truncated (all complete
frames are still printed, then a warning with the byte offset); 2 usage
`;

/** Write in batches; wait for stdout to drain so that a slow reader keeps memory bounded. */
class Out {
  private buf: string[] = [];
  private size = 0;
  constructor(private readonly io: CliIO) {}
  async write(s: string): Promise<void> {
    this.buf.push(s);
    this.size += s.length;
    if (this.size >= 64 * 1024) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.buf.length) this.io.stdout(this.buf.join(''));
    this.buf = [];
    this.size = 0;
    if (process.stdout.writableNeedDrain) await once(process.stdout, 'drain');
  }
}

async function checkFile(path: string, file: string): Promise<void> {
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new ProvcertError('PC_ERR_IO', `cannot read ${file}: not a regular file`);
  } catch (e) {
    if (e instanceof ProvcertError) throw e;
    const reason = (e as { code?: string }).code ?? (e instanceof Error ? e.message : String(e));
    throw new ProvcertError('PC_ERR_IO', `cannot read ${file} (${reason})`, { cause: e });
  }
}

export const decodeCommand: Command = {
  name: 'decode',
  summary: 'decode a pcap/pcapng capture frame by frame (DHCP, TFTP, HTTP/CWMP, SIP, syslog)',
  usage,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, {
      json: { type: 'boolean' },
      'dhcp-port': { type: 'string', multiple: true },
    });
    if (positionals.length !== 1) throw usageError(positionals.length === 0 ? 'missing FILE' : `one FILE expected, got ${positionals.length}`);
    const file = positionals[0] as string;
    const dhcpPorts = (values['dhcp-port'] ?? []).map((p) => intFlag(p, 'dhcp-port', 1, 65535)!);
    const path = resolve(io.cwd, file);
    await checkFile(path, file);

    const json = values.json === true;
    const out = new Out(io);
    let count = 0;
    for await (const item of decodeCapture(path, { dhcpPorts })) {
      if (item.kind === 'record') {
        if (json) await out.write(`${count === 0 ? '[\n' : ',\n'}${JSON.stringify(item.record)}`);
        else await out.write(`${summaryLine(item.record)}\n`);
        count++;
        continue;
      }
      const { stop, format } = item.summary;
      const garbage = stop !== undefined && count === 0 && (format === undefined || stop.offset === 0);
      if (json && !garbage) await out.write(count > 0 ? '\n]\n' : '[]\n');
      await out.flush();
      if (!stop) return 0;
      if (garbage) {
        // Nothing usable: not a capture at all (empty file, wrong magic).
        const why = stop.kind === 'invalid' ? stop.message : 'empty or shorter than a capture file header';
        throw new ProvcertError(stop.kind === 'invalid' ? stop.code : 'PC_ERR_DECODE_TRUNCATED', `${file} is not a pcap or pcapng capture: ${why}`, { proto: format ?? 'capture', offset: stop.offset });
      }
      // Decision (docs/decode.md): a truncated or unframeable tail is invalid input, exit 1, after
      // every complete frame has been printed.
      io.stderr(`provcert decode: warning: ${file}: ${stop.kind === 'truncated' ? 'truncated' : 'unreadable'} at offset ${stop.offset} after ${count} frames: ${stop.message}\n`);
      return 1;
    }
    throw new ProvcertError('PC_ERR_INTERNAL', 'capture reader ended without a summary');
  },
};
