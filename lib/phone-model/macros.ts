/**
 * The macro context of the phone (PROF-024..036): built from facts, the config store and the
 * provisioning bookkeeping ($PRVST, $PRVTMR, $UPGST, $UPGERR, $UPGTMR, PROF-032..034).
 * Expansion itself is lib/profile-rule's `expandMacros`.
 */
import { macroContextFrom, type MacroContext } from '../profile-rule/index.js';
import { macColons, macUpper } from './facts.js';
import type { PhoneState } from './state.js';

/** The URL-derived macros of the current request (PROF-035). */
export interface UrlMacros {
  readonly scheme: string;
  readonly host: string;
  readonly port: number;
  readonly path: string;
}

export function macroValues(s: PhoneState, url?: UrlMacros, err?: string): Record<string, string> {
  const v: Record<string, string> = {};
  // GPP_*, User_ID_n_ and any other parameter: GPP_A..P answer for $A..$P via macroContextFrom.
  for (const [k, val] of Object.entries(s.config)) if (/^GPP_S?[A-P]$/.test(k)) v[k] = val;
  for (const [k, val] of Object.entries(s.config)) {
    const m = /^User_ID_(\d+)_$/.exec(k);
    if (m) v[`UID${m[1]}`] = val;
  }
  const f = s.facts;
  v['MA'] = f.mac.toLowerCase();
  v['MAU'] = macUpper(f.mac);
  v['MAC'] = macColons(f.mac.toLowerCase());
  v['PN'] = f.productName;
  v['PSN'] = f.productSeries;
  v['SN'] = f.serial;
  v['SWVER'] = f.swVersion;
  v['HWVER'] = f.hwVersion;
  v['CCERT'] = f.clientCert ? 'Installed' : 'Not Installed';
  if (s.dhcp.learned) v['IP'] = s.dhcp.learned.ip;
  if (f.extIp !== undefined) v['EXTIP'] = f.extIp;
  v['PRVST'] = String(s.resync.reason);
  // X-PROF-041: before the first attempt since power-up, $PRVTMR counts from power-up.
  v['PRVTMR'] = String(Math.floor((s.now - (s.resync.lastAttemptAt ?? s.bootedAt)) / 1000));
  v['UPGST'] = String(s.upgrade.upgst);
  v['UPGERR'] = s.upgrade.upgerr;
  v['UPGTMR'] = String(Math.floor((s.now - (s.upgrade.lastAttemptAt ?? s.bootedAt)) / 1000));
  if (url) {
    v['SCHEME'] = url.scheme.toUpperCase();
    v['SERV'] = url.host;
    v['SERVIP'] = url.host;
    v['PORT'] = String(url.port);
    v['PATH'] = url.path;
  }
  if (err !== undefined) v['ERR'] = err;
  return v;
}

export function macroContext(s: PhoneState, url?: UrlMacros, err?: string): MacroContext {
  return macroContextFrom(macroValues(s, url, err));
}
