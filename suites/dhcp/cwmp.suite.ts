/**
 * ACS discovery options for clients that say dslforum.org in option 60 (DHCP-009, DHCP-010,
 * DHCP-012, DHCP-013; TR-069 Amendment 6 section 3.1 and Annex F, RFC 3925).
 */
import { BBF_ENTERPRISE, parseEnterpriseBlocks, parseTlv, viewOptions } from '../../lib/codec/dhcp/index.js';
import { defineTest } from '../../lib/runner/define.js';
import { fail, notApplicable } from '../../lib/runner/judgement.js';
import { acsUndeclared, cwmpOffer } from '../helpers/dhcp-flows.js';

const needs = ['dhcp'] as const;
const text = (d: Uint8Array) => Buffer.from(d).toString('latin1');

export const cwmpTests = [
  defineTest({
    id: 'dhcp.cwmp.option43-acs-url', title: 'Option 43 sub-option 1 carries the ACS URL', requirements: ['DHCP-009'], needs, applies: acsUndeclared,
    why: 'A TR-069 phone finds its ACS in option 43 sub-option 1 when it says dslforum.org in option 60.',
    procedure: { setup: 'A fresh phone MAC; option 60 dslforum.org, 55 asks for 43 and 125.', stimulus: 'DHCPDISCOVER.', criteria: 'The OFFER carries option 43 as code/length/value with sub-option 1 an http(s) URL.' },
    async run(ctx) {
      const offer = await cwmpOffer(ctx, 'DHCP-009');
      const raw = viewOptions(offer.value).view.byCode.get(43);
      const tlv = raw ? parseTlv(raw, true) : undefined;
      const url = tlv?.subOptions.find((s) => s.code === 1);
      const ok = url !== undefined && /^https?:\/\/[^\s/]+/i.test(text(url.data));
      if (!ok) fail({ requirementId: 'DHCP-009', expected: 'option 43 sub-option 1 = http(s) ACS URL', observed: !raw ? 'no option 43' : !tlv ? 'option 43 is not code/length/value' : !url ? 'no sub-option 1' : JSON.stringify(text(url.data)), message: `${offer.label}: no ACS URL in option 43 for a dslforum.org client`, packet: offer.bytes });
    },
  }),
  defineTest({
    id: 'dhcp.cwmp.option43-retry-suboptions', title: 'Option 43 retry sub-options are decimal; 5-6 unused', requirements: ['DHCP-010'], needs,
    why: 'Sub-options 3 and 4 tune the phone\'s CWMP retry schedule; garbage there or use of reserved 5-6 confuses it.',
    procedure: { setup: 'A fresh phone MAC; option 60 dslforum.org.', stimulus: 'DHCPDISCOVER.', criteria: 'In option 43 (else n/a): sub-options 3/4, when present, are decimal numbers; sub-options 5 and 6 are absent.' },
    async run(ctx) {
      const offer = await cwmpOffer(ctx, 'DHCP-010');
      const raw = viewOptions(offer.value).view.byCode.get(43);
      const tlv = raw ? parseTlv(raw, true) : undefined;
      if (!tlv) notApplicable('the target sends no option 43 code/length/value list to a dslforum.org client');
      for (const s of tlv.subOptions) {
        const bad = (s.code === 3 || s.code === 4) && !/^\d+$/.test(text(s.data)) ? `sub-option ${s.code} = ${JSON.stringify(text(s.data))}` : s.code === 5 || s.code === 6 ? `reserved sub-option ${s.code} used` : undefined;
        if (bad) fail({ requirementId: 'DHCP-010', expected: 'sub-options 3/4 decimal, 5/6 absent', observed: bad, message: `${offer.label}: option 43 ${bad}`, packet: offer.bytes });
      }
    },
  }),
  defineTest({
    id: 'dhcp.cwmp.option125-gateway', title: 'Option 125 answers with gateway sub-options 4-6', requirements: ['DHCP-012'], needs, applies: acsUndeclared,
    why: 'TR-069 Annex F gateway association: the device sends 3561 sub-options 1-3 and expects 4-6 back.',
    procedure: { setup: 'A fresh phone MAC; option 60 dslforum.org; option 125/3561 with sub-options 1-3.', stimulus: 'DHCPDISCOVER.', criteria: 'The OFFER carries option 125 with enterprise 3561 and sub-options 4, 5 and 6.' },
    async run(ctx) {
      const offer = await cwmpOffer(ctx, 'DHCP-012');
      const blocks = viewOptions(offer.value).view.viVendorSpecific;
      const bbf = blocks?.find((b) => b.enterprise === BBF_ENTERPRISE);
      const missing = [4, 5, 6].filter((c) => !bbf?.subOptions.some((s) => s.code === c));
      if (missing.length > 0) fail({ requirementId: 'DHCP-012', expected: 'option 125 enterprise 3561 with sub-options 4, 5, 6', observed: !bbf ? 'no enterprise 3561 block' : `missing sub-option(s) ${missing.join(', ')}`, message: `${offer.label}: gateway association incomplete`, packet: offer.bytes });
    },
  }),
  defineTest({
    id: 'dhcp.cwmp.option125-layout', title: 'Option 125 has the RFC 3925 layout', requirements: ['DHCP-013'], needs,
    why: 'RFC 3925 section 4: enterprise number, data length, then code/length/value sub-options; a length mismatch makes the phone drop the option.',
    procedure: { setup: 'A fresh phone MAC; option 60 dslforum.org; option 125/3561 sub-options 1-3.', stimulus: 'DHCPDISCOVER.', criteria: 'Option 125 (else n/a) is a sequence of enterprise/data-len blocks whose sub-option lengths add up.' },
    async run(ctx) {
      const offer = await cwmpOffer(ctx, 'DHCP-013');
      const raw = viewOptions(offer.value).view.byCode.get(125);
      if (!raw) notApplicable('the target sends no option 125');
      const blocks = parseEnterpriseBlocks(raw);
      const bad = !blocks ? 'enterprise-number/data-len blocks do not add up' : blocks.find((b) => !parseTlv(b.data, false)) ? 'sub-option lengths do not add up to data-len' : undefined;
      if (bad) fail({ requirementId: 'DHCP-013', expected: 'enterprise(4) data-len(1) sub-options(code,len,value)', observed: bad, message: `${offer.label}: option 125 ${bad}`, packet: offer.bytes });
    },
  }),
];
