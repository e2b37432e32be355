/**
 * Everything the builtin server needs to start, as plain JSON: the driver builds it in-process
 * (loopback) or writes it to a file for the lab child (main.ts --config FILE).
 */
import type { OnboardingSpec, PhoneSpec, Service } from '../types.js';
import type { TftpLimits } from './tftp-negotiate.js';

export type BuiltinService = Exclude<Service, 'acs'>;

export interface BuiltinConfig {
  readonly mode: 'lab' | 'loopback';
  /** Address the sockets bind to: 127.0.0.1 on loopback, 0.0.0.0 in the lab. */
  readonly bind: string;
  /** Address the server is reached at (option 54, 66, 150, 159, Via...). */
  readonly serverIp: string;
  /** Ports to listen on per service (0 = any free port); absent = service not started. */
  readonly ports: Partial<Record<BuiltinService, number>>;
  readonly dhcp: {
    readonly poolStart: string;
    readonly poolEnd: string;
    readonly subnetMask: string;
    readonly leaseSeconds: number;
    readonly domainName: string;
    readonly profileUrl: string;
    /** Option 66 (RFC 2132 section 9.4); default serverIp. A name must be one of dnsNames (DHCP-004). */
    readonly tftpServerName?: string;
    readonly acs?: { readonly url: string; readonly gateway: ReadonlyArray<readonly [number, string]> };
    /** SO_RCVBUF request of the DHCP socket; default DHCP_SERVER_RECV_BUFFER_BYTES (dhcp-server.ts). */
    readonly recvBufferBytes?: number;
  };
  /** Lab DNS: FQDN -> address. */
  readonly dnsNames: Readonly<Record<string, string>>;
  readonly tftp: TftpLimits & { readonly maxTries: number };
  /** Content folder (lab child) — in-process callers pass the map instead. */
  readonly contentDir?: string;
  readonly logPath?: string;
  readonly tls?: { readonly certPem: string; readonly keyPem: string; readonly phoneCaPem: string };
  /** base64url IKM for aes128gcm bodies (ENC-008..010). */
  readonly ikm?: string;
  readonly onboarding?: OnboardingSpec;
  readonly phones: readonly PhoneSpec[];
  readonly seed: number;
  readonly sip?: { readonly t1Ms?: number; readonly t2Ms?: number };
  /** Lab child: Unix socket path for act() requests (path sockets work across network namespaces). */
  readonly controlSocket?: string;
}

/** The line main.ts prints on stdout once every service listens, followed by the ports as JSON. */
export const READY_PREFIX = 'PROVCERT_BUILTIN_READY ';
