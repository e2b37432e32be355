/** Shared by the phone and fleet tests: the builtin target in loopback mode and a PhoneEnv for it. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinDriver } from '../../../lib/targets/builtin/driver.js';
import type { PhoneSpec, RunningTarget, TargetSpec } from '../../../lib/targets/types.js';
import { LabPki } from '../../../lib/emulator/pki/index.js';
import { DhcpUdpTransport } from '../../../lib/emulator/net/dhcp-udp-transport.js';
import { DhcpPort } from '../../../lib/emulator/clients/dhcp-port.js';
import { PhoneWebEndpoint } from '../../../lib/emulator/clients/web-endpoint.js';
import { LoopbackAddresses } from '../../../lib/emulator/net/source-addresses.js';
import { PacketTap, type PacketEvent } from '../../../lib/emulator/net/packet-events.js';
import { timeScale, type PhoneEnv, type TimeScaleOptions } from '../../../lib/emulator/phone/index.js';

export interface Fixture {
  readonly dir: string;
  readonly target: RunningTarget;
  readonly pki: LabPki;
  readonly env: PhoneEnv;
  readonly packets: PacketEvent[];
  close(): Promise<void>;
}

export function phoneSpec(i: number): PhoneSpec {
  return { mac: `0e0077${(i + 1).toString(16).padStart(6, '0')}`, serial: `FCH${String(i + 1).padStart(8, '0')}`, model: 'CP-8841-3PCC', swver: 'sip88xx.12-0-1MPP0001-1' };
}

export async function startFixture(o: { files: Map<string, Uint8Array>; phones: PhoneSpec[]; ikm?: string; scale?: TimeScaleOptions; keepPackets?: boolean; withEnv?: boolean }): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'pc-phone-'));
  // One lab PKI: builtin (through PROVCERT_PKI_DIR) and the emulator share the folder, so no phoneCa is needed.
  process.env['PROVCERT_PKI_DIR'] = join(dir, 'pki');
  const pki = new LabPki({ dir: join(dir, 'pki') });
  const spec: TargetSpec = { name: 'builtin', kind: 'builtin', serves: ['dhcp', 'dns', 'tftp', 'http', 'https', 'sip', 'syslog'], serverIp: '127.0.0.1', phones: o.phones, ...(o.ikm ? { ikm: o.ikm } : {}) };
  const target = await builtinDriver.start(spec, { outDir: join(dir, 'out'), content: { dir: join(dir, 'content'), files: o.files }, seed: 7, phones: o.phones });
  if (o.withEnv === false) {
    const close = async () => { await target.stop(); rmSync(dir, { recursive: true, force: true }); };
    return { dir, target, pki, env: undefined as unknown as PhoneEnv, packets: [], close };
  }
  const tap = new PacketTap();
  const dhcp = new DhcpPort(await DhcpUdpTransport.open({ serverPort: target.ports.dhcp! }), tap);
  const web = await PhoneWebEndpoint.listen({ host: '0.0.0.0', port: 0 });
  const packets: PacketEvent[] = [];
  if (o.keepPackets !== false) tap.on((e) => packets.push(e));
  const env: PhoneEnv = {
    dhcp, addresses: new LoopbackAddresses(), web, tap,
    timeScale: timeScale({ scale: 1 / 3600, maxWallMs: 2000, ...o.scale }),
    serverCa: readFileSync(target.spec.serverCa!, 'utf8'),
    resolve: async () => undefined,
    sip: { server: { address: '127.0.0.1', port: target.ports.sip! }, port: 5060 },
    syslog: { address: '127.0.0.1', port: target.ports.syslog! },
    httpTimeoutMs: 3000, tftpTimeoutMs: 500,
  };
  return {
    dir, target, pki, env, packets,
    close: async () => {
      await web.close();
      await env.dhcp.close();
      await target.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
