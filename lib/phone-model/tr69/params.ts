/**
 * TR-069 parameters (lib/profile parameters-tr069.ts names) and the model's defaults for them.
 * MPP defaults are not published (the parameter table has none): X-TR69-020 records ours.
 */
import type { ConfigStore } from '../params.js';

export const TR69_DEFAULTS: Readonly<Record<string, string>> = {
  'Enable_TR-069': 'No', // X-TR69-020
  ACS_URL: '', // empty = DHCP 43/125 (DHCP-007)
  Periodic_Inform_Enable: 'Yes', // X-TR69-020
  Periodic_Inform_Interval: '86400', // X-TR69-020
  Connection_Request_Username: '',
  Connection_Request_Password: '',
};

export function tr69Param(config: ConfigStore, name: string): string {
  return config[name] ?? TR69_DEFAULTS[name] ?? '';
}

export function tr69Yes(config: ConfigStore, name: string): boolean {
  return tr69Param(config, name).trim().toLowerCase() === 'yes';
}

export function tr69Int(config: ConfigStore, name: string): number {
  const v = tr69Param(config, name).trim();
  return /^\d+$/.test(v) ? Number(v) : Number(TR69_DEFAULTS[name] ?? '0');
}

/** Seed "RPC Methods Supported" (TR69-001): the ACS-callable methods, as GetRPCMethods lists them. */
export const SUPPORTED_ACS_METHODS = [
  'GetRPCMethods', 'SetParameterValues', 'GetParameterValues', 'SetParameterAttributes', 'GetParameterAttributes',
  'GetParameterNames', 'AddObject', 'DeleteObject', 'Reboot', 'FactoryReset', 'Download',
] as const;

/**
 * Download file types (TR69-003, seed: firmware image, vendor configuration file, custom CA
 * file). TR-069 A.3.2.8 names the first two; the CA file type string is ours (X-TR69-024):
 * a vendor type 'X <OUI> <name>' with Cisco's OUI 00000C.
 */
export const DOWNLOAD_FILE_TYPES = ['1 Firmware Upgrade Image', '3 Vendor Configuration File', 'X 00000C Custom CA File'] as const;

/** X-TR69-023: more than this many accepted connection requests within the window -> 503. */
export const CR_RATE_LIMIT = 3;
export const CR_RATE_WINDOW_MS = 60_000;
