/**
 * HTTPS provisioning (HTTP-016, HTTP-017, HTTP-018, HTTP-020): the server proves itself with a
 * certificate from the target's serverCa naming the host the phone connects to, and serves a
 * profile only to a phone with a valid client certificate, and only that phone's own.
 */
import { isIP } from 'node:net';
import { defineTest } from '../../lib/runner/define.js';
import { fail, notApplicable } from '../../lib/runner/judgement.js';
import { dnsUnavailable, lookupA, LOOPBACK_DNS_ADAPTATION } from '../helpers/dns-lookup.js';
import { certNames, describeNames, namesHost } from '../helpers/cert-names.js';
import { httpGet, phoneCertificate, serverCa } from '../helpers/served.js';
import { plainProfile } from '../helpers/profile-open.js';

const needs = ['https'] as const;

export const httpTlsTests = [
  defineTest({
    id: 'http.tls.own-profile', title: 'A phone with its certificate gets its own profile', requirements: ['HTTP-020'], needs,
    why: 'The point of HTTPS provisioning: the authenticated phone must actually receive its profile.',
    procedure: { setup: 'Each phone\'s client certificate (target file, else the lab manufacturer CA).', stimulus: 'GET the phone\'s profile over HTTPS presenting it.', criteria: '200 with the phone\'s marker.' },
    async run(ctx) {
      for (const phone of ctx.phones) {
        const r = await httpGet(ctx, phone.profilePath, { https: true, phone });
        const observed = r.ok ? `${r.response.status} ${r.response.statusText}` : `${r.reason}: ${r.message}`;
        // A profile encrypted with the declared key/IKM is still the phone's own (ENC-002/008).
        const plain = r.ok ? plainProfile(ctx, r.response.body, r.response.rawHeaders) : undefined;
        if (!r.ok || r.response.status !== 200 || !plain || !Buffer.from(plain).includes(phone.marker)) fail({ requirementId: 'HTTP-020', expected: `200 with the profile of ${phone.mac}`, observed, message: `phone ${phone.mac} did not get its own profile over HTTPS` });
      }
    },
  }),
  defineTest({
    id: 'http.tls.no-client-cert', title: 'No profile without a client certificate', requirements: ['HTTP-020'], needs,
    why: 'Profiles carry credentials; a server that hands them to any TLS client authenticates nobody.',
    procedure: { setup: 'The first phone\'s profile path.', stimulus: 'GET it over HTTPS without a client certificate.', criteria: 'The handshake is refused or the status is 4xx; never 200 with the profile.' },
    async run(ctx) {
      const phone = ctx.phones[0]!;
      const r = await httpGet(ctx, phone.profilePath, { https: true, phone, cert: 'none' });
      if (r.ok && r.response.status === 200) fail({ requirementId: 'HTTP-020', expected: 'handshake refused or 4xx', observed: `200 with ${r.response.body.length} octets`, message: 'the profile was served to a client without a certificate' });
      if (r.ok && r.response.status < 400) fail({ requirementId: 'HTTP-020', expected: 'handshake refused or 4xx', observed: `${r.response.status}`, message: `a client without a certificate got ${r.response.status}` });
    },
  }),
  defineTest({
    id: 'http.tls.other-phone', title: 'A phone cannot fetch another phone\'s profile', requirements: ['HTTP-020'], needs,
    why: 'Per-phone profiles hold per-phone SIP credentials; a valid certificate of one phone must not open another\'s.',
    procedure: { setup: 'Two phones whose profiles have different paths (e.g. a rule with $MA).', stimulus: 'Phone A GETs phone B\'s profile over HTTPS with A\'s certificate.', criteria: 'Not 200 with B\'s profile (403/404 or refused).' },
    async run(ctx) {
      const a = ctx.phones[0]!;
      const b = ctx.phones.find((p) => p.profilePath !== a.profilePath);
      if (!b) notApplicable('all phones share one profile path (the rule has no per-phone macro), so there is no other phone\'s profile');
      const r = await httpGet(ctx, b.profilePath, { https: true, phone: a });
      if (r.ok && r.response.status === 200 && Buffer.from(r.response.body).includes(b.marker)) fail({ requirementId: 'HTTP-020', expected: `${a.mac} refused /${b.profilePath}`, observed: '200 with the other phone\'s profile', message: `phone ${a.mac} got the profile of ${b.mac}` });
    },
  }),
  defineTest({
    id: 'http.tls.server-ca', title: 'The server certificate chains to the target\'s serverCa', requirements: ['HTTP-016'], needs,
    why: 'A phone trusts only the CA it was provisioned with; any other chain makes HTTPS provisioning fail.',
    procedure: { setup: 'The target\'s serverCa as the only trust anchor.', stimulus: 'TLS handshake (with the phone\'s certificate) and GET of the profile.', criteria: 'The chain verifies against serverCa.' },
    async run(ctx) {
      const ca = serverCa(ctx);
      const phone = ctx.phones[0]!;
      const r = await ctx.http({ url: `https://${ctx.running.serverIp}:${ctx.running.ports.https ?? 443}/${phone.profilePath}`, userAgent: 'Cisco-CP-8841-3PCC/11.3.1', phone: phone.mac, timeoutMs: 5000, tls: { ca, ...phoneCertificate(ctx, phone), verify: false, checkServerIdentity: false } });
      const tls = r.connection?.tls;
      if (!tls) fail({ requirementId: 'HTTP-016', expected: 'a TLS handshake', observed: r.ok ? 'no TLS information' : `${r.reason}: ${r.message}`, message: 'no TLS session to judge' });
      if (!tls.authorized) fail({ requirementId: 'HTTP-016', expected: 'a chain to the target\'s serverCa', observed: tls.authorizationError ?? 'not authorized', message: `the server certificate does not verify against serverCa: ${tls.authorizationError ?? ''}` });
    },
  }),
  defineTest({
    id: 'http.tls.name-match', title: 'The server certificate names the host (RFC 6125)', requirements: ['HTTP-017'], needs,
    why: 'The phone checks the name it connected to against the certificate; a mismatch aborts provisioning.',
    procedure: { setup: 'The host phones connect to (the target address).', stimulus: 'TLS handshake; read the server\'s certificate.', criteria: 'An IP host is a SAN iPAddress; a DNS host matches a SAN dNSName, else the CN (optionally followed by /text).' },
    async run(ctx) {
      const phone = ctx.phones[0]!;
      const r = await httpGet(ctx, phone.profilePath, { https: true, phone });
      const der = r.connection?.tls?.peerCertificate;
      if (!der) fail({ requirementId: 'HTTP-017', expected: 'a server certificate', observed: r.ok ? 'none' : `${r.reason}: ${r.message}`, message: 'no server certificate to judge' });
      const names = certNames(der);
      const host = ctx.running.serverIp;
      const ok = namesHost(names, host);
      if (ok !== true) fail({ requirementId: 'HTTP-017', expected: `a certificate naming ${host}`, observed: describeNames(names), message: ok });
    },
  }),
  defineTest({
    id: 'http.tls.dns-cross-check', title: 'The certificate\'s DNS name resolves to the server', requirements: ['HTTP-018'], needs,
    applies: (t) => { const why = dnsUnavailable(t); return why === undefined ? undefined : `the IP/DNS cross-check needs a DNS server: ${why}`; },
    why: 'Phones compare the server address with a DNS lookup of the certificate name; a stale record breaks provisioning.',
    procedure: { setup: 'Lab mode with the lab DNS (the target\'s own DNS, else the lab services\' that DHCP hands out in option 6); on loopback the target\'s own DNS on its unprivileged port.', stimulus: 'Read the server certificate; A query for its DNS names.', criteria: 'One of the names resolves to the server address.' },
    async run(ctx) {
      ctx.adapt('HTTPS: the certificate name is cross-checked with the lab DNS server');
      const phone = ctx.phones[0]!;
      const r = await httpGet(ctx, phone.profilePath, { https: true, phone });
      const der = r.connection?.tls?.peerCertificate;
      if (!der) notApplicable('no server certificate (http.tls.* judge the handshake)');
      const n = certNames(der);
      const names = [...n.dns, ...(n.dns.length === 0 && n.cn && isIP(n.cn) === 0 ? [n.cn.split('/')[0]!] : [])];
      if (names.length === 0) notApplicable('the certificate carries no DNS name');
      // The phone asks the DNS server of option 6: the lab services' when the target serves no DNS itself.
      const dns = ctx.target.labDnsServer ?? ctx.running.serverIp;
      const port = ctx.target.labDnsServer !== undefined || ctx.target.mode === 'lab' ? 53 : ctx.running.ports.dns ?? 53;
      if (ctx.target.mode === 'loopback') ctx.adapt(LOOPBACK_DNS_ADAPTATION);
      for (const name of names) if ((await lookupA(ctx, dns, name, port)).includes(ctx.running.serverIp)) return;
      fail({ requirementId: 'HTTP-018', expected: `${names.join(' or ')} resolves to ${ctx.running.serverIp} at the DNS server ${dns}`, observed: 'no matching A record', message: 'the certificate name does not resolve to the server' });
    },
  }),
];
