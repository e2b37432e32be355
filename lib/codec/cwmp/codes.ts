/**
 * CWMP (TR-069) code tables.
 * Source: Broadband Forum TR-069 Amendment 6 (CWMP 1.4), https://www.broadband-forum.org/technical/download/TR-069_Amendment-6.pdf
 *   - namespaces: section A.2 (urn:dslforum-org:cwmp-1-N), schemas https://www.broadband-forum.org/cwmp/
 *   - event codes: section 3.7.1.5, Table 7
 *   - fault codes: section A.5.1 (ACS 8000-8006, 8800-8899 vendor) and A.5.2 / A.3 (CPE 9000-9032, 9800-9899 vendor)
 * Fault code numbers were cross-checked against cwmp-1-0.xsd / cwmp-1-4.xsd (FaultCode enumerations).
 */

export type CwmpVersion = '1.0' | '1.1' | '1.2' | '1.3' | '1.4';
export const CWMP_VERSIONS: readonly CwmpVersion[] = ['1.0', '1.1', '1.2', '1.3', '1.4'];

export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP_ENC_NS = 'http://schemas.xmlsoap.org/soap/encoding/';
export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

export function cwmpNamespace(v: CwmpVersion): string {
  return `urn:dslforum-org:cwmp-${v.replace('.', '-')}`;
}

/** The CWMP version of a namespace URI, or undefined when it is not one of the five. */
export function versionOfNamespace(uri: string): CwmpVersion | undefined {
  const m = /^urn:dslforum-org:cwmp-1-([0-4])$/.exec(uri);
  return m ? (`1.${m[1]}` as CwmpVersion) : undefined;
}

/** Inform EventCode values (TR-069 Amendment 6 Table 7). */
export const EVENT_CODES = {
  BOOTSTRAP: '0 BOOTSTRAP',
  BOOT: '1 BOOT',
  PERIODIC: '2 PERIODIC',
  SCHEDULED: '3 SCHEDULED',
  VALUE_CHANGE: '4 VALUE CHANGE',
  KICKED: '5 KICKED',
  CONNECTION_REQUEST: '6 CONNECTION REQUEST',
  TRANSFER_COMPLETE: '7 TRANSFER COMPLETE',
  DIAGNOSTICS_COMPLETE: '8 DIAGNOSTICS COMPLETE',
  REQUEST_DOWNLOAD: '9 REQUEST DOWNLOAD',
  AUTONOMOUS_TRANSFER_COMPLETE: '10 AUTONOMOUS TRANSFER COMPLETE',
  DU_STATE_CHANGE_COMPLETE: '11 DU STATE CHANGE COMPLETE',
  AUTONOMOUS_DU_STATE_CHANGE_COMPLETE: '12 AUTONOMOUS DU STATE CHANGE COMPLETE',
  WAKEUP: '13 WAKEUP',
  HEARTBEAT: '14 HEARTBEAT',
  M_REBOOT: 'M Reboot',
  M_SCHEDULE_INFORM: 'M ScheduleInform',
  M_DOWNLOAD: 'M Download',
  M_SCHEDULE_DOWNLOAD: 'M ScheduleDownload',
  M_UPLOAD: 'M Upload',
  M_CHANGE_DU_STATE: 'M ChangeDUState',
} as const;

const KNOWN_EVENTS: ReadonlySet<string> = new Set(Object.values(EVENT_CODES));

/** Standard code, vendor method event 'M X_<vendor>_<name>' or vendor event 'X <OUI> <name>'. */
export function eventCodeKind(code: string): 'standard' | 'vendor' | 'unknown' {
  if (KNOWN_EVENTS.has(code)) return 'standard';
  if (/^M X_[A-Za-z0-9]+_\S+$/.test(code) || /^X [0-9A-F]{6} \S.*$/.test(code)) return 'vendor';
  return 'unknown';
}

/** ACS fault codes (returned by the ACS to the CPE), TR-069 Amendment 6 section A.5.1. */
export const ACS_FAULT_CODES: Readonly<Record<number, string>> = {
  8000: 'Method not supported',
  8001: 'Request denied (no reason specified)',
  8002: 'Internal error',
  8003: 'Invalid arguments',
  8004: 'Resources exceeded',
  8005: 'Retry request',
  8006: 'ACS version incompatible with CPE',
};

/** CPE fault codes (returned by the CPE to the ACS), TR-069 Amendment 6 section A.5.2. */
export const CPE_FAULT_CODES: Readonly<Record<number, string>> = {
  9000: 'Method not supported',
  9001: 'Request denied (no reason specified)',
  9002: 'Internal error',
  9003: 'Invalid arguments',
  9004: 'Resources exceeded',
  9005: 'Invalid parameter name',
  9006: 'Invalid parameter type',
  9007: 'Invalid parameter value',
  9008: 'Attempt to set a non-writable parameter',
  9009: 'Notification request rejected',
  9010: 'File transfer failure (download failure)',
  9011: 'Upload failure',
  9012: 'File transfer server authentication failure',
  9013: 'Unsupported protocol for file transfer',
  9014: 'File transfer failure: unable to join multicast group',
  9015: 'File transfer failure: unable to contact file server',
  9016: 'File transfer failure: unable to access file',
  9017: 'File transfer failure: unable to complete download',
  9018: 'File transfer failure: file corrupted or otherwise unusable',
  9019: 'File transfer failure: file authentication failure',
  9020: 'File transfer failure: unable to complete download within specified time windows',
  9021: 'Cancelation of file transfer not permitted in current transfer state',
  9022: 'Invalid UUID format',
  9023: 'Unknown Execution Environment',
  9024: 'Disabled Execution Environment',
  9025: 'Deployment Unit to Execution Environment mismatch',
  9026: 'Duplicate Deployment Unit',
  9027: 'System resources exceeded',
  9028: 'Unknown Deployment Unit',
  9029: 'Invalid Deployment Unit state',
  9030: 'Invalid Deployment Unit update: downgrade not permitted',
  9031: 'Invalid Deployment Unit update: version not specified',
  9032: 'Invalid Deployment Unit update: version already exists',
};

export type FaultOrigin = 'acs' | 'cpe';

/** Meaning of a fault code: table entry, 'vendor' range, 'reserved' or 'invalid'. */
export function describeFault(code: number): { origin?: FaultOrigin; meaning: string; kind: 'standard' | 'vendor' | 'reserved' | 'invalid' } {
  if (code === 0) return { meaning: 'No fault', kind: 'standard' };
  const acs = ACS_FAULT_CODES[code];
  if (acs) return { origin: 'acs', meaning: acs, kind: 'standard' };
  const cpe = CPE_FAULT_CODES[code];
  if (cpe) return { origin: 'cpe', meaning: cpe, kind: 'standard' };
  if (code >= 8800 && code <= 8899) return { origin: 'acs', meaning: 'Vendor-specific ACS fault', kind: 'vendor' };
  if (code >= 9800 && code <= 9899) return { origin: 'cpe', meaning: 'Vendor-specific CPE fault', kind: 'vendor' };
  if (code >= 8000 && code <= 8799) return { origin: 'acs', meaning: 'Reserved ACS fault code', kind: 'reserved' };
  if (code >= 9000 && code <= 9799) return { origin: 'cpe', meaning: 'Reserved CPE fault code', kind: 'reserved' };
  return { meaning: 'Not a CWMP fault code', kind: 'invalid' };
}

/** Download / Upload FileType strings (TR-069 Amendment 6 section A.3.2.8 / A.4.1.5). */
export const FILE_TYPES = {
  FIRMWARE: '1 Firmware Upgrade Image',
  WEB_CONTENT: '2 Web Content',
  VENDOR_CONFIG: '3 Vendor Configuration File',
  TONE_FILE: '4 Tone File',
  RINGER_FILE: '5 Ringer File',
} as const;
