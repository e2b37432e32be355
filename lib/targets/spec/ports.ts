/**
 * Ports of a target. In the lab the server listens on the standard ports; on loopback (no root)
 * every service gets a free unprivileged port, found by listening on port 0 and closing again
 * (a small race with other processes is possible; the command target's readiness check catches it).
 */
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { SERVICES, type Ports, type Service } from '../types.js';
import { ProvcertError } from '../../errors.js';

/** Standard ports: DHCP RFC 2131 §4.1, DNS RFC 1035 §4.2, TFTP RFC 1350, HTTP(S) RFC 9110 §4.2, CWMP TR-069 §3.4 (7547), SIP RFC 3261 §19.1.1, syslog RFC 5426 §3.3. */
export const STANDARD_PORTS: Readonly<Record<Service, number>> = {
  dhcp: 67, dns: 53, tftp: 69, http: 80, https: 443, acs: 7547, sip: 5060, syslog: 514,
};

/** Services whose readiness is a listening TCP socket; the others are UDP (SIP and syslog: either). */
export const TCP_SERVICES: readonly Service[] = ['http', 'https', 'acs'];

function freeTcpPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function udpPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => { s.close(); resolve(false); });
    s.bind(port, host, () => s.close(() => resolve(true)));
  });
}

/**
 * One free port per service, each free for both TCP and UDP on `host` (a SIP or syslog server may use
 * either), all distinct. Bounded: 50 attempts per service.
 */
export async function allocateLoopbackPorts(host = '127.0.0.1', services: readonly Service[] = SERVICES): Promise<Required<Ports>> {
  const used = new Set<number>();
  const out: Ports = {};
  for (const service of services) {
    let found: number | undefined;
    for (let attempt = 0; attempt < 50 && found === undefined; attempt++) {
      try {
        const p = await freeTcpPort(host);
        if (!used.has(p) && p > 1024 && (await udpPortFree(host, p))) found = p;
      } catch (e) {
        throw new ProvcertError('PC_ERR_TARGET', `cannot find a free port on ${host}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
    }
    if (found === undefined) throw new ProvcertError('PC_ERR_TARGET', `no free port on ${host} for ${service} after 50 attempts`);
    used.add(found);
    out[service] = found;
  }
  return out as Required<Ports>;
}
