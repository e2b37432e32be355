import t from 'tap';
import fc from 'fast-check';
import { PARAMETERS, lookupParameter, checkValue, parseDelaySchedule, scheduleStep, isDelaySchedule } from '../../lib/profile/index.js';
import { isKnownRequirement } from '../../lib/requirements/index.js';

const def = (name: string) => {
  const d = lookupParameter(name);
  if (!d) throw new Error(`no definition for ${name}`);
  return d;
};

t.test('lookupParameter resolves indexed names within their ranges', async (t) => {
  t.equal(lookupParameter('Proxy_3_')?.name, 'Proxy_n_');
  t.equal(lookupParameter('Dial_Plan_2_')?.name, 'Dial_Plan_n_');
  t.equal(lookupParameter('Speed_Dial_2_2_')?.name, 'Speed_Dial_n_m_');
  t.equal(lookupParameter('Resync_Trigger_2')?.name, 'Resync_Trigger_n');
  t.equal(lookupParameter('Resync_Trigger_3'), undefined);
  t.equal(lookupParameter('Proxy_0_'), undefined);
  t.equal(lookupParameter('Proxy_17_'), undefined);
  t.equal(lookupParameter('Proxy_n_'), undefined, 'the pattern name is not an element name');
  t.equal(lookupParameter('Speed_Dial_1_2_'), undefined);
  t.equal(lookupParameter('Profile_Rule')?.default, '/$PSN.xml');
  t.equal(lookupParameter('profile_rule'), undefined, 'case-sensitive (PROF-004)');
});

t.test('the table covers the parameters the brief and catalogue name', async (t) => {
  const names = ['Profile_Rule', 'Profile_Rule_B', 'Profile_Rule_C', 'Profile_Rule_D', 'Resync_On_Reset', 'Resync_Random_Delay', 'Resync_Periodic', 'Resync_Error_Retry_Delay',
    'Forced_Resync_Delay', 'Resync_From_SIP', 'Resync_After_Upgrade_Attempt', 'Resync_Trigger_1', 'Resync_Trigger_2', 'Resync_Fails_On_FNF', 'Resync_At__HHmm_', 'Resync_At_Random_Delay',
    'Provision_Enable', 'Upgrade_Enable', 'Upgrade_Error_Retry_Delay', 'Upgrade_Rule', 'DHCP_Option_To_Use', 'DHCPv6_Option_To_Use', 'Transport_Protocol', 'IKM_HTTP_Encrypt_Content',
    'GPP_A', 'GPP_P', 'GPP_SA', 'GPP_SD', 'Log_Upgrade_Request_Msg', 'User_Password', 'Admin_Password', 'Enable_Web_Server', 'Peer_Firmware_Sharing', 'Peer_Firmware_Sharing_Log_Server',
    'Enable_TR-069', 'ACS_URL', 'ACS_Username', 'ACS_Password', 'Periodic_Inform_Interval', 'Proxy_1_', 'User_ID_1_', 'Line_Enable_1_', 'Firewall_Config', 'Phone-UI-User-Mode',
    'Profile_Authentication_Type', 'Restricted_Access_Domains', 'Syslog_Server'];
  for (const n of names) t.ok(lookupParameter(n), n);
  for (const p of PARAMETERS) {
    t.ok(p.requirements.length > 0 && p.requirements.every(isKnownRequirement), `${p.name} cites known requirements`);
    t.ok(p.default !== undefined || (p.note ?? '').length > 0, `${p.name}: an unknown default carries a note`);
    if (p.default !== undefined) t.equal(checkValue(p, p.default), undefined, `${p.name}: its default passes its own check`);
  }
});

t.test('defaults as the sources give them', async (t) => {
  t.equal(def('Resync_Random_Delay').default, '2');
  t.equal(def('Resync_Error_Retry_Delay').default, '3600');
  t.equal(def('Forced_Resync_Delay').default, '14400');
  t.equal(def('Resync_At_Random_Delay').default, '600');
  t.equal(def('DHCP_Option_To_Use').default, '66,160,159,150,60,43,125');
  t.equal(def('DHCPv6_Option_To_Use').default, '17,160,159');
  t.equal(def('Resync_Periodic').default, undefined, 'MPP default unknown (RESYNC-006)');
  t.equal(def('Transport_Protocol').default, undefined);
});

t.test('checkValue per type', async (t) => {
  const cases: [string, string, boolean][] = [
    ['Provision_Enable', 'Yes', true], ['Provision_Enable', 'yes', false], ['Provision_Enable', '', false],
    ['Resync_Random_Delay', '65535', true], ['Resync_Random_Delay', '65536', false], ['Resync_Random_Delay', '-1', false],
    ['Resync_Periodic', '1800,3600+60', true], ['Resync_Periodic', '1h', false],
    ['Resync_At__HHmm_', '2400', true], ['Resync_At__HHmm_', '2401', false], ['Resync_At__HHmm_', '1260', false], ['Resync_At__HHmm_', '', true],
    ['DHCP_Option_To_Use', '66,160', true], ['DHCP_Option_To_Use', '66,300', false],
    ['ACS_URL', 'https://acs.example.net:7547/', true], ['ACS_URL', 'tftp://x/y', false], ['ACS_URL', '', true],
    ['Syslog_Server', '192.0.2.5:514', true], ['Syslog_Server', 'log.example.net', true], ['Syslog_Server', 'a b', false], ['Syslog_Server', 'h:70000', false],
    ['Restricted_Access_Domains', 'a.example,b.example', true], ['Restricted_Access_Domains', 'a..b', false],
    ['Firewall', 'Disabled', true], ['Firewall', 'Off', false],
    ['Firewall_Config', 'NO_CISCO_TFTP,NO_ICMP_PING', true], ['Firewall_Config', 'NO_SUCH', false],
    ['User_Password', 'Abc123', true], ['User_Password', 'abc', false], ['User_Password', '', true], ['User_Password', 'x'.repeat(128), false],
    ['Profile_Rule', '($PRVTMR ge 600)? http://a/x | http://b/y', true],
  ];
  for (const [name, value, ok] of cases) t.equal(checkValue(def(name), value) === undefined, ok, `${name}=${JSON.stringify(value)}`);
});

t.test('parseDelaySchedule (RESYNC-007)', async (t) => {
  t.strictSame(parseDelaySchedule('1800,3600,7200,14400'), { steps: [1800, 3600, 7200, 14400].map((seconds) => ({ seconds, random: 0 })) });
  t.strictSame(parseDelaySchedule(' 600+30 , 0 '), { steps: [{ seconds: 600, random: 30 }, { seconds: 0, random: 0 }] });
  for (const bad of ['', ',', '1,,2', '1.5', '-1', '+5', '5+', '5 s', '99999999999', Array(65).fill('1').join(',')]) {
    t.ok('problem' in parseDelaySchedule(bad), JSON.stringify(bad));
  }
  const s = parseDelaySchedule('10,20');
  if (!isDelaySchedule(s)) throw new Error('expected a schedule');
  t.strictSame([0, 1, 2, 9].map((n) => scheduleStep(s, n).seconds), [10, 20, 20, 20], 'dn repeats forever');
  fc.assert(fc.property(fc.array(fc.record({ seconds: fc.nat({ max: 1e6 }), random: fc.nat({ max: 1e4 }) }), { minLength: 1, maxLength: 10 }), (steps) => {
    const text = steps.map((x) => (x.random ? `${x.seconds}+${x.random}` : `${x.seconds}`)).join(',');
    t.strictSame(parseDelaySchedule(text), { steps: steps.map((x) => ({ seconds: x.seconds, random: x.random })) });
    return true;
  }), { seed: 7, numRuns: 100 });
});
