/**
 * Why some server/both requirements have no packet-level test (issue 6 part 7): shown in the coverage
 * view of every report instead of the generic "no packet-level test declares it yet". A requirement
 * that gains a test simply stops being uncovered; its row here is then unused.
 */
export const UNCOVERED_REASONS: Readonly<Record<string, string>> = {
  'TFTP-008': 'a deployment practice (staging phones in-house with DHCP and TFTP), not a behaviour of the server on the wire',
  'EDOS-008': 'needs egress to activation.webex.com; provcert runs without Internet access, and the firewall is the deployment\'s, not the server\'s',
  'SIP-004': 'concerns NOTIFY Event: XML-Service with digest credentials; target actions offer only notify-resync, and the line password is not known to the harness',
  'ENC-005': 'key bootstrap happens before the profiles under test (an earlier HTTPS resync); judged by the encryption model tests, not observable per request',
  'ENC-006': 'a deployment choice (pre-encrypted profiles over plain HTTP); nothing on the wire can violate it',
  'ENC-007': 'the key lives in the phone (GPP_SA..SD) from an earlier profile; the server only has to encrypt with the key the target declares (ENC-004 tests)',
  'ENC-011': 'device-targeted first profiles need a per-device key the target file cannot declare yet',
};
