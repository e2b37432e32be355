/**
 * PFS parameters (lib/profile parameters-firmware.ts): Peer_Firmware_Sharing and
 * Peer_Firmware_Sharing_Log_Server. Neither default is published; X-PFS-001 records ours.
 */
import { loadTriple } from '../onboarding.js';
import type { ConfigStore } from '../params.js';
import { PFS_LOG_DEFAULT_PORT } from './types.js';

export const PFS_DEFAULTS: Readonly<Record<string, string>> = {
  Peer_Firmware_Sharing: 'No', // X-PFS-001
  Peer_Firmware_Sharing_Log_Server: '',
};

const value = (config: ConfigStore, name: string) => config[name] ?? PFS_DEFAULTS[name] ?? '';

export function pfsEnabled(config: ConfigStore): boolean {
  return value(config, 'Peer_Firmware_Sharing').trim().toLowerCase() === 'yes';
}

/** PFS-006: added in 11.2(1); a load name without a version is taken as too old. */
export function pfsAvailable(swVersion: string): boolean {
  const t = loadTriple(swVersion);
  if (!t) return false;
  const min = [11, 2, 1];
  for (let i = 0; i < 3; i++) if (t[i] !== min[i]) return (t[i] as number) > (min[i] as number);
  return true;
}

/**
 * PFS-004: "UDP Remote syslog server hostname and the port. The port defaults to the default
 * syslog 514". Accepts host, host:port and [v6]:port; anything unparsable means no log server.
 */
export function parseLogServer(text: string): { readonly host: string; readonly port: number } | undefined {
  const v = text.trim();
  if (v === '') return undefined;
  const m = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(v) ?? /^([^:\s]+)(?::(\d{1,5}))?$/.exec(v);
  if (!m) return undefined;
  const port = m[2] !== undefined ? Number(m[2]) : PFS_LOG_DEFAULT_PORT;
  if (port < 1 || port > 65535) return undefined;
  return { host: m[1] as string, port };
}

export function pfsLogServer(config: ConfigStore): { readonly host: string; readonly port: number } | undefined {
  return parseLogServer(value(config, 'Peer_Firmware_Sharing_Log_Server'));
}
