/**
 * The firmware image a target offers (HTTP-023, UPG-008): fetched at the URL its Upgrade_Rule gives
 * the phone, it must be exactly the declared image (size and sha256), and a server that offers the
 * same path over another file service must offer the same octets there. Only for targets that
 * declare `firmware`; otherwise n/a.
 */
import { createHash } from 'node:crypto';
import { rawHeader } from '../../lib/emulator/clients/http-client.js';
import type { ResolvedUrl } from '../../lib/profile-rule/index.js';
import { defineTest } from '../../lib/runner/define.js';
import { fail, notApplicable } from '../../lib/runner/judgement.js';
import type { TargetView, TestContext } from '../../lib/runner/types.js';
import { fetchUrl, ruleUrlFor, type UrlFetch } from '../helpers/fetch-url.js';

const declared = (t: TargetView) => (t.spec.firmware ? undefined : 'the target declares no firmware (target file `firmware`: rule, version, size, sha256)');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** The firmware URL for the first phone, from the declared rule; a rule that yields none is n/a here (the rule tests judge it). */
function firmwareUrl(ctx: TestContext): ResolvedUrl {
  const phone = ctx.phones[0];
  if (!phone) notApplicable('the run has no phone to evaluate the upgrade rule for');
  const r = ruleUrlFor(ctx.target.spec.firmware!.rule, 'upgrade', phone);
  if ('error' in r) notApplicable(`the declared Upgrade_Rule gives no fetchable URL (${r.error}); upgrade.rule.* judge the rule`);
  return r;
}

async function fetchFirmware(ctx: TestContext, url: ResolvedUrl, requirement: string): Promise<Extract<UrlFetch, { ok: true }>> {
  const got = await fetchUrl(ctx, url, ctx.phones[0]!, { timeoutMs: 15_000 });
  if (!got.ok) fail({ requirementId: requirement, expected: `${url.text} returns the firmware image`, observed: got.observed, message: `fetching the firmware ${url.text} failed: ${got.observed}`, ...(got.packet ? { packet: got.packet } : {}) });
  return got;
}

export const firmwareTests = [
  defineTest({
    id: 'upgrade.firmware.fetch-completes', title: 'The firmware URL of the Upgrade_Rule serves the image', requirements: ['UPG-008'],
    why: 'A phone told to upgrade fetches the URL of its Upgrade_Rule over tftp, http or https; a URL that does not serve the image leaves the fleet on old firmware.',
    procedure: { setup: 'The target declares firmware: rule, version, size, sha256.', stimulus: 'Evaluate the rule for the first phone (macros expanded) and fetch the URL it selects, as the phone.', criteria: 'The transfer completes (200, or a complete TFTP transfer).' },
    applies: declared,
    async run(ctx) {
      const url = firmwareUrl(ctx);
      if (!['tftp', 'http', 'https'].includes(url.scheme)) fail({ requirementId: 'UPG-008', expected: 'a tftp, http or https URL', observed: url.text, message: `the firmware URL ${url.text} uses no file transport` });
      await fetchFirmware(ctx, url, 'UPG-008');
    },
  }),
  defineTest({
    id: 'upgrade.firmware.size-and-digest', title: 'Firmware has the declared size and sha256', requirements: ['HTTP-023'],
    why: 'A truncated or substituted image bricks or stalls the phone; the body must be exactly the image the deployment declared.',
    procedure: { setup: 'As upgrade.firmware.fetch-completes.', stimulus: 'Fetch the firmware URL.', criteria: 'The body has firmware.size octets and sha256 firmware.sha256; an HTTP Content-Length, when sent, equals firmware.size.' },
    applies: declared,
    async run(ctx) {
      const fw = ctx.target.spec.firmware!;
      const url = firmwareUrl(ctx);
      const got = await fetchFirmware(ctx, url, 'HTTP-023');
      const cl = rawHeader(got.headers, 'content-length');
      if (cl !== undefined && Number(cl) !== fw.size) fail({ requirementId: 'HTTP-023', expected: `Content-Length ${fw.size}`, observed: `Content-Length ${cl}`, message: `${url.text}: Content-Length is not the declared firmware size`, ...(got.packet ? { packet: got.packet } : {}) });
      const digest = sha256(got.body);
      if (got.body.length !== fw.size || digest !== fw.sha256) {
        fail({ requirementId: 'HTTP-023', expected: `${fw.size} octets, sha256 ${fw.sha256}`, observed: `${got.body.length} octets, sha256 ${digest}`, message: `${url.text} is not the declared firmware image`, ...(got.packet ? { packet: got.packet } : {}) });
      }
    },
  }),
  defineTest({
    id: 'upgrade.firmware.same-over-each-transport', title: 'Firmware is the same image over every file service', requirements: ['UPG-008'],
    why: 'Phones may be pointed at the image over tftp, http or https; the same path must never give a different image.',
    procedure: {
      setup: 'The target declares firmware and serves at least two of tftp, http, https.',
      stimulus: 'Fetch the firmware path over each file service the target serves.',
      criteria: 'Each service that returns the file returns the declared octets (size and sha256); at least one other than the rule\'s does, else n/a.',
    },
    applies: (t) => declared(t) ?? (['tftp', 'http', 'https'].filter((s) => t.serves.includes(s as 'tftp')).length < 2 ? 'the target serves fewer than two file services' : undefined),
    async run(ctx) {
      const fw = ctx.target.spec.firmware!;
      const base = firmwareUrl(ctx);
      let compared = 0;
      for (const scheme of ['tftp', 'http', 'https'] as const) {
        const port = ctx.running.ports[scheme];
        if (scheme === base.scheme || !ctx.target.serves.includes(scheme) || port === undefined) continue;
        const url: ResolvedUrl = { scheme, host: ctx.running.serverIp, port, path: base.path, text: `${scheme}://${ctx.running.serverIp}:${port}${base.path}` };
        const got = await fetchUrl(ctx, url, ctx.phones[0]!, { timeoutMs: 15_000 });
        if (!got.ok) { ctx.log(`${url.text}: ${got.observed} (not offered there)`); continue; }
        compared++;
        const digest = sha256(got.body);
        if (got.body.length !== fw.size || digest !== fw.sha256) {
          fail({ requirementId: 'UPG-008', expected: `${fw.size} octets, sha256 ${fw.sha256} (as over ${base.scheme})`, observed: `${got.body.length} octets, sha256 ${digest}`, message: `${url.text} serves another image than ${base.text}`, ...(got.packet ? { packet: got.packet } : {}) });
        }
      }
      if (compared === 0) notApplicable(`the firmware path is offered only over ${base.scheme}`);
    },
  }),
];
