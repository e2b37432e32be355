/**
 * Field-by-field comparison of `provcert decode` records with `tshark -T json` on the same file.
 * Every frame: number, epoch and relative time to the ns, lengths, eth/ip/udp/tcp fields, the set
 * of application protocols (dhcp, tftp, http, sip, syslog) each side attributes to it, and the
 * protocol fields of the brief. Returns the differences as strings so that a test can assert the
 * exact list of deliberate ones (docs/decode.md).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { decodeCapture, type DecodeRecord, type AppRecord } from '../../lib/decode/index.js';

export const tsharkMissing = spawnSync('tshark', ['-v']).status !== 0;

type Layer = Record<string, unknown>;
export const APP_PROTOS = ['dhcp', 'tftp', 'http', 'sip', 'syslog'] as const;

export function tsharkJson(file: string, extra: readonly string[] = []): Layer[] {
  const out = execFileSync('tshark', ['-r', file, '-T', 'json', '--no-duplicate-keys', '-o', 'tcp.desegment_tcp_streams:TRUE', ...extra], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 });
  return (JSON.parse(out) as { _source: { layers: Layer } }[]).map((p) => p._source.layers);
}

/** Every value of `key` anywhere under `o` (arrays flattened), in document order. */
export function deep(o: unknown, key: string, out: string[] = []): string[] {
  if (Array.isArray(o)) for (const x of o) deep(x, key, out);
  else if (o && typeof o === 'object') {
    for (const [k, v] of Object.entries(o)) {
      if (k === key && (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')))) out.push(...(Array.isArray(v) ? v : [v]));
      else deep(v, key, out);
    }
  }
  return out;
}

/** Values of `key` directly in the layer (not in option subtrees). */
function top(layer: unknown, key: string): string[] {
  const v = layer && typeof layer === 'object' ? (layer as Layer)[key] : undefined;
  return typeof v === 'string' ? [v] : Array.isArray(v) ? (v as string[]) : [];
}

const layerOf = (l: Layer, name: string): unknown => l[name];

type Getter = (f: AppRecord) => (string | number | undefined)[];

/** tshark field -> our value, per protocol; `deep` searches the whole layer. */
const FIELDS: Record<(typeof APP_PROTOS)[number], { field: string; deep?: boolean; ours: Getter; when?: (f: AppRecord) => boolean }[]> = {
  dhcp: [
    { field: 'dhcp.type', ours: (f) => [f.proto === 'dhcp' ? f.op : undefined] },
    { field: 'dhcp.id', ours: (f) => [f.proto === 'dhcp' ? f.xid : undefined] },
    { field: 'dhcp.ip.client', ours: (f) => [f.proto === 'dhcp' ? f.ciaddr : undefined] },
    { field: 'dhcp.ip.your', ours: (f) => [f.proto === 'dhcp' ? f.yiaddr : undefined] },
    { field: 'dhcp.ip.server', ours: (f) => [f.proto === 'dhcp' ? f.siaddr : undefined] },
    { field: 'dhcp.ip.relay', ours: (f) => [f.proto === 'dhcp' ? f.giaddr : undefined] },
    { field: 'dhcp.hw.mac_addr', ours: (f) => [f.proto === 'dhcp' ? f.chaddr : undefined], when: (f) => f.proto === 'dhcp' && f.htype === 1 && f.hlen === 6 },
    { field: 'dhcp.option.dhcp', deep: true, ours: (f) => [f.proto === 'dhcp' ? f.messageType : undefined] },
    { field: 'dhcp.option.type', deep: true, ours: (f) => (f.proto === 'dhcp' ? f.options.map((o) => o.code) : []) },
    { field: 'dhcp.option.dhcp_server_id', deep: true, ours: (f) => opt(f, 54) },
    { field: 'dhcp.option.ip_address_lease_time', deep: true, ours: (f) => opt(f, 51) },
    { field: 'dhcp.option.subnet_mask', deep: true, ours: (f) => opt(f, 1) },
    { field: 'dhcp.option.router', deep: true, ours: (f) => opt(f, 3) },
    { field: 'dhcp.option.vendor_class_id', deep: true, ours: (f) => opt(f, 60) },
    { field: 'dhcp.option.request_list_item', deep: true, ours: (f) => opt(f, 55) },
    { field: 'dhcp.option.tftp_server_name', deep: true, ours: (f) => opt(f, 66) },
    { field: 'dhcp.option.tftp_server_address', deep: true, ours: (f) => opt(f, 150) },
    { field: 'dhcp.option.vi.enterprise', deep: true, ours: (f) => (f.proto === 'dhcp' ? f.options.filter((o) => o.code === 125 && Array.isArray(o.value)).flatMap((o) => (o.value as { enterprise: number }[]).map((b) => b.enterprise)) : []), when: (f) => f.proto === 'dhcp' && !f.options.some((o) => o.code === 124) },
  ],
  tftp: [
    { field: 'tftp.opcode', ours: (f) => [f.proto === 'tftp' ? f.opcodeNumber : undefined] },
    { field: 'tftp.source_file', ours: (f) => [f.proto === 'tftp' && f.opcode === 'RRQ' ? f.file : undefined], when: (f) => f.proto === 'tftp' && f.opcode === 'RRQ' },
    { field: 'tftp.destination_file', ours: (f) => [f.proto === 'tftp' && f.opcode === 'WRQ' ? f.file : undefined], when: (f) => f.proto === 'tftp' && f.opcode === 'WRQ' },
    { field: 'tftp.type', ours: (f) => [f.proto === 'tftp' ? f.mode : undefined] },
    { field: 'tftp.block', ours: (f) => [f.proto === 'tftp' ? f.block : undefined] },
    { field: 'tftp.option.name', deep: true, ours: (f) => (f.proto === 'tftp' ? (f.options ?? []).map((o) => o.name) : []) },
    { field: 'tftp.option.value', deep: true, ours: (f) => (f.proto === 'tftp' ? (f.options ?? []).map((o) => o.value) : []) },
    { field: 'tftp.error.code', deep: true, ours: (f) => [f.proto === 'tftp' ? f.errorCode : undefined] },
    { field: 'tftp.error.message', deep: true, ours: (f) => [f.proto === 'tftp' ? f.errorMessage : undefined] },
  ],
  http: [
    { field: 'http.request.method', deep: true, ours: (f) => [f.proto === 'http' ? f.method : undefined] },
    { field: 'http.request.uri', deep: true, ours: (f) => [f.proto === 'http' ? f.uri : undefined] },
    { field: 'http.response.code', deep: true, ours: (f) => [f.proto === 'http' ? f.status : undefined] },
  ],
  sip: [
    { field: 'sip.Method', deep: true, ours: (f) => [f.proto === 'sip' ? f.method : undefined] },
    { field: 'sip.Status-Code', deep: true, ours: (f) => [f.proto === 'sip' ? f.status : undefined] },
    { field: 'sip.Call-ID', deep: true, ours: (f) => [f.proto === 'sip' ? f.callId : undefined] },
    { field: 'sip.Event', deep: true, ours: (f) => [f.proto === 'sip' ? f.event?.raw : undefined] },
  ],
  syslog: [
    { field: 'syslog.facility', ours: (f) => [f.proto === 'syslog' ? f.facility : undefined] },
    { field: 'syslog.level', ours: (f) => [f.proto === 'syslog' ? f.severity : undefined] },
    { field: 'syslog.msg', ours: (f) => [f.proto === 'syslog' ? f.text : undefined] },
  ],
};

function opt(f: AppRecord, code: number): (string | number)[] {
  if (f.proto !== 'dhcp') return [];
  const o = f.options.find((x) => x.code === code);
  if (!o || o.value === null) return [];
  return Array.isArray(o.value) ? (o.value as (string | number)[]) : [o.value as string | number];
}

const norm = (vs: readonly (string | number | undefined)[]): string[] => vs.filter((v) => v !== undefined).map(String);

/** tshark lists Pad and the padding after END as option type 0, and END as 255; RFC 3396 repeats once per instance. */
function dhcpTypes(vs: string[]): string[] {
  return [...new Set(vs.filter((v) => v !== '0' && v !== '255'))];
}

export interface Comparison {
  readonly frames: number;
  /** `frame N: what: ours X, tshark Y` */
  readonly diffs: string[];
  /** Protocol attributions, per protocol name, on both sides (for "each protocol was seen" checks). */
  readonly seen: Record<string, number>;
  readonly records: DecodeRecord[];
}

export async function readRecords(file: string, dhcpPorts: number[] = []): Promise<DecodeRecord[]> {
  const out: DecodeRecord[] = [];
  for await (const item of decodeCapture(file, { dhcpPorts })) if (item.kind === 'record') out.push(item.record);
  return out;
}

export async function compareWithTshark(file: string, opts: { tsharkArgs?: string[]; dhcpPorts?: number[] } = {}): Promise<Comparison> {
  const ref = tsharkJson(file, opts.tsharkArgs);
  const mine = await readRecords(file, opts.dhcpPorts);
  const diffs: string[] = [];
  const seen: Record<string, number> = {};
  const eq = (n: number, what: string, ours: readonly string[], theirs: readonly string[]): void => {
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) diffs.push(`frame ${n}: ${what}: ours ${JSON.stringify(ours)}, tshark ${JSON.stringify(theirs)}`);
  };
  if (ref.length !== mine.length) diffs.push(`frame count: ours ${mine.length}, tshark ${ref.length}`);
  for (let i = 0; i < Math.min(ref.length, mine.length); i++) {
    const l = ref[i]!;
    const r = mine[i]!;
    const n = r.frame;
    const frame = l['frame'];
    eq(n, 'frame.number', [String(r.frame)], top(frame, 'frame.number'));
    eq(n, 'frame.time_epoch', [r.time], top(frame, 'frame.time_epoch'));
    eq(n, 'frame.time_relative', [r.relative], top(frame, 'frame.time_relative'));
    eq(n, 'frame.len', [String(r.len)], top(frame, 'frame.len'));
    eq(n, 'frame.cap_len', [String(r.caplen)], top(frame, 'frame.cap_len'));
    if (l['eth']) {
      eq(n, 'eth.src', [r.link?.src ?? ''], top(l['eth'], 'eth.src'));
      eq(n, 'eth.dst', [r.link?.dst ?? ''], top(l['eth'], 'eth.dst'));
    }
    eq(n, 'vlan.id', norm(r.link?.vlan ?? []), deep(l['vlan'], 'vlan.id'));
    if (l['ip']) {
      eq(n, 'ip.src', [r.ip?.src ?? ''], top(l['ip'], 'ip.src'));
      eq(n, 'ip.dst', [r.ip?.dst ?? ''], top(l['ip'], 'ip.dst'));
      eq(n, 'ip.proto', [String(r.ip?.proto ?? '')], top(l['ip'], 'ip.proto'));
    }
    if (l['udp']) eq(n, 'udp.ports', norm([r.udp?.srcPort, r.udp?.dstPort]), [...top(l['udp'], 'udp.srcport'), ...top(l['udp'], 'udp.dstport')]);
    if (l['tcp']) eq(n, 'tcp.ports', norm([r.tcp?.srcPort, r.tcp?.dstPort]), [...top(l['tcp'], 'tcp.srcport'), ...top(l['tcp'], 'tcp.dstport')]);
    const theirs = APP_PROTOS.filter((p) => layerOf(l, p) !== undefined);
    const ours = APP_PROTOS.filter((p) => r.app.some((a) => a.proto === p));
    eq(n, 'protocols', [...ours], [...theirs]);
    for (const p of theirs) seen[p] = (seen[p] ?? 0) + 1;
    for (const p of APP_PROTOS) {
      if (!theirs.includes(p) || !ours.includes(p)) continue;
      const layer = layerOf(l, p);
      const entries = r.app.filter((a) => a.proto === p && a.fields);
      for (const spec of FIELDS[p]) {
        const relevant = entries.filter((a) => !spec.when || spec.when(a.fields!));
        if (relevant.length === 0) continue;
        let want = spec.deep ? deep(layer, spec.field) : Array.isArray(layer) ? (layer as unknown[]).flatMap((x) => top(x, spec.field)) : top(layer, spec.field);
        let got = norm(relevant.flatMap((a) => spec.ours(a.fields!)));
        if (spec.field === 'dhcp.option.type') { want = dhcpTypes(want); got = [...new Set(got)]; }
        eq(n, spec.field, got, want);
      }
    }
  }
  return { frames: mine.length, diffs, seen, records: mine };
}
