/**
 * Parameter access for the model: the config store holds what profiles, assignments and the
 * web UI set; anything absent reads as the documented default. The defaults below are the
 * model's working values; test/phone-model/params.test.ts cross-checks them against the
 * parameter table of lib/profile where that table knows a default.
 */

/** Model defaults with their source (catalogue source keys). */
export const MODEL_DEFAULTS: Readonly<Record<string, string>> = {
  Provision_Enable: 'Yes', // AG68, RESYNC-001
  Resync_On_Reset: 'Yes', // AG68, RESYNC-002
  Resync_Random_Delay: '2', // AG68, RESYNC-003 (units of 20 s)
  Resync_Periodic: '3600', // SPACFG; MPP default unknown (RESYNC-006, X-RESYNC-007)
  Resync_Error_Retry_Delay: '3600', // AG68P, RESYNC-008
  Forced_Resync_Delay: '14400', // AG68P, RESYNC-010
  Resync_From_SIP: 'Yes', // AG68P, SIP-001
  Resync_After_Upgrade_Attempt: 'Yes', // AG68P, RESYNC-011
  Resync_Trigger_1: '', // AG68P, RESYNC-012
  Resync_Trigger_2: '',
  Resync_Fails_On_FNF: 'Yes', // PG33, PROF-040
  Resync_At: '', // AG78_257, RESYNC-004
  Resync_At_Random_Delay: '600', // AG78_257, RESYNC-005
  Profile_Rule: '/$PSN.xml', // AG68P, PROF-014
  Profile_Rule_B: '',
  Profile_Rule_C: '',
  Profile_Rule_D: '',
  Upgrade_Enable: 'Yes', // WXFW, UPG-001
  Upgrade_Error_Retry_Delay: '3600', // WXFW, UPG-002
  Upgrade_Rule: '',
  DHCP_Option_To_Use: '66,160,159,150,60,43,125', // AGCOPY, DHCP-002
  DHCPv6_Option_To_Use: '17,160,159', // AGCOPY, DHCP-003
  IKM_HTTP_Encrypt_Content: '', // AG88_105, ENC-009
  Enable_Web_Server: 'Yes', // S_RES, ACCESS-004
  Restricted_Access_Domains: '', // AGCOPY, ACCESS-003
  User_Password: '',
  Admin_Password: '',
  // SPA-lineage log templates (LOG-003); MPP defaults unknown.
  Log_Request_Msg: '$PN $MAC -- Requesting resync $SCHEME://$SERVIP:$PORT$PATH',
  Log_Success_Msg: '$PN $MAC -- Successful resync $SCHEME://$SERVIP:$PORT$PATH',
  Log_Failure_Msg: '$PN $MAC -- Resync failed: $ERR',
  Log_Upgrade_Request_Msg: '$PN $MAC -- Requesting upgrade $SCHEME://$SERVIP:$PORT$PATH',
  Log_Upgrade_Success_Msg: '$PN $MAC -- Successful upgrade $SCHEME://$SERVIP:$PORT$PATH -- $ERR',
  Log_Upgrade_Failure_Msg: '$PN $MAC -- Upgrade failed: $ERR',
};

export type ConfigStore = Readonly<Record<string, string>>;

export function param(config: ConfigStore, name: string): string {
  const v = config[name];
  if (v !== undefined) return v;
  return MODEL_DEFAULTS[name] ?? '';
}

export function paramYes(config: ConfigStore, name: string): boolean {
  return param(config, name).trim().toLowerCase() === 'yes';
}

/** Integer parameter; a value that is not a non-negative integer reads as the default. */
export function paramInt(config: ConfigStore, name: string): number {
  const text = param(config, name).trim();
  if (/^\d+$/.test(text)) return Number(text);
  const d = (MODEL_DEFAULTS[name] ?? '0').trim();
  return /^\d+$/.test(d) ? Number(d) : 0;
}

/** The four profile rule parameters in evaluation order (PROF-015). */
export const PROFILE_RULE_PARAMS = ['Profile_Rule', 'Profile_Rule_B', 'Profile_Rule_C', 'Profile_Rule_D'] as const;
export type ProfileRuleParam = (typeof PROFILE_RULE_PARAMS)[number];
