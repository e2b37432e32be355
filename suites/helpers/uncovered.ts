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
  'PROF-005': 'what a self-closing element does is phone behaviour (the source is ambiguous; X-PROF-001 resolves it); the server side, that served profiles parse, is judged by profile.* with lib/profile, and the model tests judge the semantics',
  'PROF-006': 'that <X></X> sets X empty is phone behaviour judged by the model tests; a server cannot get the form wrong on the wire (it parses or it does not: profile.* judge that)',
  'X-PROF-001': 'phone behaviour (a self-closing element with ua keeps the value): judged by the phone-model tests; lib/profile reports it as an info finding when a server uses the form',
  'X-PROF-024': 'a property of the rule grammar (how \'[\' is read), implemented by lib/profile-rule and fixed by its golden tests; every rule a target gives is parsed with that grammar by profile.rules.parse and upgrade.rule.grammar',
  'X-ENC-003': 'a property of the decrypter (no integrity check in AES-256-CBC, reject bad padding): property-tested in test/crypto; what a server can do (HTTPS or aes128gcm) is a deployment choice with no wrong bytes on the wire',
  'X-DHCP-003': 'permission for the server (END inside option 43 is allowed); there is nothing to fail, and the receiver side is the DHCP codec\'s tests',
  'X-DHCP-004': 'a receiver rule (concatenate split options); the DHCP codec applies it to every reply the dhcp suites decode, and its laws are tested in test/codec/dhcp; no target option in the lab needs more than 255 octets',
  'X-FUZZ-001': 'judged by provcert fuzz against a parser (module, URL or command target), not by a conformance run against a provisioning server; see docs/fuzzing.md',
  'X-FUZZ-002': 'judged by provcert fuzz against an in-process parser, not by a conformance run; see docs/fuzzing.md',
  'X-FUZZ-003': 'judged by provcert fuzz (--timeout per input), not by a conformance run; see docs/fuzzing.md',
  'X-FUZZ-004': 'judged by provcert fuzz (--rss-limit), not by a conformance run; see docs/fuzzing.md',
  'X-FUZZ-005': 'judged by provcert fuzz (oracle against the reference pipeline), not by a conformance run; see docs/fuzzing.md',
  'X-FUZZ-006': 'judged by provcert fuzz (oracle against the reference pipeline), not by a conformance run; see docs/fuzzing.md',
  'X-FUZZ-007': 'judged by provcert fuzz differential runs between parsers, not by a conformance run; see docs/fuzzing.md',
};
