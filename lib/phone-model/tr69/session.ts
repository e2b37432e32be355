/**
 * The CWMP session as the CPE drives it (TR-069 Amendment 6 section 3.7; TR69-012/013/021..026):
 * Inform with the queued events -> InformResponse (MaxEnvelopes 1) -> pending TransferComplete
 * -> empty POST -> ACS requests answered one by one -> 204 ends the session. A session whose
 * Inform does not complete failed: events stay queued, RetryCount grows and the retry waits a
 * random time in the window of retry.ts. Connection requests (TR69-014..018) start a session.
 */
import type { EventStruct, ParameterValue } from '../../codec/cwmp/types.js';
import type { StepCtx } from '../ctx.js';
import { CR_RATE_LIMIT, CR_RATE_WINDOW_MS, tr69Int, tr69Param, tr69Yes } from './params.js';
import { retryWindow } from './retry.js';
import { answerAcsRequest } from './rpc.js';
import { setTr69 } from './slice.js';
import { INITIAL_TR69, type QueuedEvent, type Tr69Event, type Tr69EventCode } from './types.js';

function enqueue(ctx: StepCtx, code: Tr69EventCode, commandKey = ''): void {
  const q = ctx.s.tr69.queue;
  // Single events are queued once (TR-069 3.7.1.5: single, not cumulative, for these codes).
  if (q.some((e) => e.code === code && e.commandKey === commandKey)) return;
  setTr69(ctx, { queue: [...q, { code, commandKey }] });
}

const busy = (ctx: StepCtx) => ['informing', 'cpe-requests', 'acs-requests'].includes(ctx.s.tr69.phase);

/** After the first DHCP binding since power-up (or a link-up): find the ACS and open a session. */
export function onTr69NetworkUp(ctx: StepCtx): void {
  if (!tr69Yes(ctx.s.config, 'Enable_TR-069')) { ctx.fire('tr69.disabled'); setTr69(ctx, { phase: 'disabled' }); return; }
  const configured = tr69Param(ctx.s.config, 'ACS_URL').trim();
  const url = configured !== '' ? configured : ctx.s.dhcp.learned?.acs?.url;
  if (url === undefined || url === '') { ctx.fire('tr69.no-acs'); setTr69(ctx, { phase: 'disabled' }); return; }
  const first = ctx.s.tr69.crPort === 0;
  const reqs = ctx.fire(configured !== '' ? 'tr69.acs.configured' : 'tr69.acs.dhcp');
  // TR69-020: the CR port is random in 8000-9999, chosen once per boot.
  if (first) setTr69(ctx, { crPort: ctx.random(8000, 9999) });
  setTr69(ctx, { acsUrl: url });
  if (ctx.s.tr69.bootstrappedAcs !== url) { ctx.fire('tr69.event.bootstrap'); enqueue(ctx, '0 BOOTSTRAP'); }
  if (first) { ctx.fire('tr69.event.boot'); enqueue(ctx, '1 BOOT'); }
  if (ctx.s.tr69.transfer && first) { enqueue(ctx, '7 TRANSFER COMPLETE'); }
  ctx.log(`TR-069: ACS ${url}`, reqs);
  if (!busy(ctx)) startSession(ctx);
}

/** Opens a session now, or (during a retry wait) retries at once: a new event needs it (TR69-021). */
function sessionNeeded(ctx: StepCtx): void {
  const p = ctx.s.tr69.phase;
  if (p === 'idle') startSession(ctx);
  else if (p === 'retry-wait') { ctx.cancelTimer('tr69-retry', ctx.fire('tr69.retry.new-event')); startSession(ctx); }
}

function startSession(ctx: StepCtx): void {
  const tr = ctx.s.tr69;
  if (tr.acsUrl === undefined) return;
  const reqs = ctx.fire('tr69.session.inform');
  const events: EventStruct[] = tr.queue.map((e) => ({ eventCode: e.code, commandKey: e.commandKey }));
  const f = ctx.s.facts;
  const ip = ctx.s.dhcp.learned?.ip ?? '0.0.0.0';
  const params: ParameterValue[] = [
    { name: 'Device.DeviceInfo.SoftwareVersion', value: f.swVersion, type: 'xsd:string' },
    { name: 'Device.ManagementServer.ConnectionRequestURL', value: `http://${ip}:${tr.crPort}/${f.mac}`, type: 'xsd:string' },
    ...tr.changed.map((name) => ({ name, value: ctx.s.config[name] ?? '', type: 'xsd:string' })),
  ];
  setTr69(ctx, { phase: 'informing' });
  ctx.emit({
    type: 'send-cwmp', url: tr.acsUrl, cwmpId: `cpe-${ctx.now}`, reqs,
    body: {
      method: 'Inform', deviceId: { manufacturer: 'Cisco', oui: '00000C', productClass: f.productName, serialNumber: f.serial },
      // MaxEnvelopes 1 (TR69-012); RetryCount counts failed attempts since the last success (TR69-021).
      events, maxEnvelopes: 1, currentTime: isoTime(ctx.now), retryCount: tr.retryCount, parameterList: params,
    },
  });
}

function isoTime(ms: number): string {
  const s = Math.floor(ms / 1000);
  const day = Math.floor(s / 86400);
  const hh = String(Math.floor((s % 86400) / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  // Virtual clock t=0 is 1970-01-01T00:00:00Z (X-RESYNC-005 uses the same origin).
  return `1970-01-${String(1 + (day % 28)).padStart(2, '0')}T${hh}:${mm}:${ss}Z`;
}

export function onCwmpResponse(ctx: StepCtx, e: Extract<Tr69Event, { type: 'cwmp-response' }>): void {
  const tr = ctx.s.tr69;
  if (!busy(ctx)) { ctx.fire('tr69.response.stale'); return; }
  const ok = e.status === 200 || e.status === 204;
  if (tr.phase === 'informing') {
    if (e.status !== 200 || e.body?.method !== 'InformResponse') { sessionFailed(ctx, `Inform not acknowledged (${e.status})`); return; }
    const reqs = ctx.fire('tr69.session.inform-response');
    // Delivered: everything but a TransferComplete still to be sent (TR69-025, X-TR69-021).
    const keep = tr.transfer ? tr.queue.filter((x) => x.code === '7 TRANSFER COMPLETE' || x.code === 'M Download') : [];
    const bootstrapped = tr.queue.some((x) => x.code === '0 BOOTSTRAP') ? { bootstrappedAcs: tr.acsUrl } : {};
    setTr69(ctx, { queue: keep, retryCount: 0, changed: [], sessions: tr.sessions + 1, ...bootstrapped });
    ctx.log('TR-069: InformResponse', reqs);
    if (tr.transfer) {
      setTr69(ctx, { phase: 'cpe-requests' });
      const t = tr.transfer;
      ctx.emit({ type: 'send-cwmp', url: tr.acsUrl ?? '', body: { method: 'TransferComplete', commandKey: t.commandKey, faultStruct: t.fault, startTime: isoTime(t.startTime), completeTime: isoTime(t.completeTime) }, reqs: ctx.fire('tr69.session.transfer-complete') });
      return;
    }
    emptyPost(ctx);
    return;
  }
  if (tr.phase === 'cpe-requests') {
    if (e.status !== 200 || e.body?.method !== 'TransferCompleteResponse') { sessionFailed(ctx, `TransferComplete not acknowledged (${e.status})`); return; }
    ctx.fire('tr69.session.transfer-acknowledged');
    const { transfer: _t, ...rest } = ctx.s.tr69;
    void _t;
    ctx.s = { ...ctx.s, tr69: { ...rest, queue: rest.queue.filter((x) => x.code !== '7 TRANSFER COMPLETE' && x.code !== 'M Download') } };
    emptyPost(ctx);
    return;
  }
  // acs-requests
  if (!ok) { sessionFailed(ctx, `ACS answered ${e.status}`); return; }
  if (e.status === 204 || e.body === undefined) { endSession(ctx); return; }
  const { body, transition } = answerAcsRequest(ctx, e.body);
  // TR69-009: the response carries the cwmp:ID of the request it answers.
  ctx.emit({ type: 'send-cwmp', url: tr.acsUrl ?? '', body, ...(e.cwmpId !== undefined ? { cwmpId: e.cwmpId } : {}), reqs: ctx.fire(transition) });
}

function emptyPost(ctx: StepCtx): void {
  setTr69(ctx, { phase: 'acs-requests' });
  ctx.emit({ type: 'send-cwmp', url: ctx.s.tr69.acsUrl ?? '', body: null, reqs: ctx.fire('tr69.session.empty-post') });
}

function sessionFailed(ctx: StepCtx, why: string): void {
  const tr = ctx.s.tr69;
  const reqs = ctx.fire('tr69.session.failed');
  const n = tr.retryCount + 1;
  const w = retryWindow(n);
  const wait = ctx.random(Math.round(w.minSeconds * 1000), Math.round(w.maxSeconds * 1000));
  // Queued events stay (X-TR69-021); ACS actions of a broken session are dropped.
  setTr69(ctx, { phase: 'retry-wait', retryCount: n, afterSession: { factoryReset: false } });
  ctx.log(`TR-069: session failed (${why}); retry ${n} in ${wait / 1000} s`, reqs);
  ctx.startTimer('tr69-retry', wait, ctx.fire('tr69.retry.scheduled'));
}

function endSession(ctx: StepCtx): void {
  const tr = ctx.s.tr69;
  const reqs = ctx.fire('tr69.session.end');
  setTr69(ctx, { phase: 'idle', afterSession: { factoryReset: false } });
  armPeriodic(ctx);
  const a = tr.afterSession;
  if (a.factoryReset) { ctx.emit({ type: 'reboot', reason: 'TR-069 FactoryReset', reqs: ctx.fire('tr69.after.factory-reset') }); ctx.s = { ...ctx.s, config: {}, ua: {}, tr69: INITIAL_TR69 }; return; }
  if (a.download) {
    setTr69(ctx, { download: { ...a.download, startedAt: ctx.now } });
    ctx.emit({ type: 'tr69-download', commandKey: a.download.commandKey, fileType: a.download.fileType, url: a.download.url, reqs: ctx.fire('tr69.after.download') });
  }
  if (a.reboot !== undefined) {
    enqueue(ctx, 'M Reboot', a.reboot);
    ctx.emit({ type: 'reboot', reason: 'TR-069 Reboot', reqs: ctx.fire('tr69.after.reboot') });
    return;
  }
  if (ctx.s.tr69.queue.length > 0) { ctx.log('TR-069: events queued during the session', reqs); startSession(ctx); }
}

function armPeriodic(ctx: StepCtx): void {
  if (!tr69Yes(ctx.s.config, 'Periodic_Inform_Enable')) return;
  const s = tr69Int(ctx.s.config, 'Periodic_Inform_Interval');
  if (s > 0) ctx.startTimer('tr69-periodic', s * 1000, ctx.fire('tr69.periodic.armed'));
}

export function onTr69Timer(ctx: StepCtx, name: 'tr69-periodic' | 'tr69-retry'): void {
  if (name === 'tr69-retry') {
    if (ctx.s.tr69.phase !== 'retry-wait') return;
    ctx.fire('tr69.retry.timer');
    startSession(ctx);
    return;
  }
  ctx.fire('tr69.event.periodic');
  enqueue(ctx, '2 PERIODIC');
  if (!busy(ctx)) sessionNeeded(ctx);
  // During a session the event waits for the end of it (endSession starts the next one).
  if (ctx.s.tr69.phase === 'idle') armPeriodic(ctx);
}

export function onConnectionRequest(ctx: StepCtx, e: Extract<Tr69Event, { type: 'connection-request' }>): void {
  const tr = ctx.s.tr69;
  const answer = (status: number, transition: string) => ctx.emit({ type: 'connection-request-response', status, reqs: ctx.fire(transition) });
  if (tr.phase === 'disabled') { answer(0, 'tr69.cr.disabled'); return; }
  if (e.method.toUpperCase() !== 'GET') { answer(405, 'tr69.cr.not-get'); return; }
  if (!e.authenticated) { answer(401, 'tr69.cr.unauthenticated'); return; }
  if (busy(ctx)) { answer(503, 'tr69.cr.busy'); return; }
  const recent = tr.crAccepted.filter((t) => ctx.now - t < CR_RATE_WINDOW_MS);
  if (recent.length >= CR_RATE_LIMIT) { setTr69(ctx, { crAccepted: recent }); answer(503, 'tr69.cr.rate-limited'); return; }
  setTr69(ctx, { crAccepted: [...recent, ctx.now] });
  // TR69-016: answered (200, empty) before the session; TR69-018: the session starts at once.
  answer(200, 'tr69.cr.accepted');
  enqueue(ctx, '6 CONNECTION REQUEST');
  sessionNeeded(ctx);
}

export function onParameterChange(ctx: StepCtx, e: Extract<Tr69Event, { type: 'parameter-change' }>): void {
  ctx.setConfig({ [e.name]: e.value });
  const n = ctx.s.tr69.notification[e.name] ?? 0;
  if (n === 0 || ctx.s.tr69.phase === 'disabled') { ctx.fire('tr69.value-change.off'); return; }
  const tr = ctx.s.tr69;
  setTr69(ctx, { changed: tr.changed.includes(e.name) ? tr.changed : [...tr.changed, e.name] });
  enqueue(ctx, '4 VALUE CHANGE');
  if (n === 2) { ctx.fire('tr69.value-change.active'); if (!busy(ctx)) sessionNeeded(ctx); } else ctx.fire('tr69.value-change.passive');
}

export function onDownloadResult(ctx: StepCtx, e: Extract<Tr69Event, { type: 'tr69-download-result' }>): void {
  const d = ctx.s.tr69.download;
  if (!d) { ctx.fire('tr69.response.stale'); return; }
  const fault = e.ok ? { faultCode: 0, faultString: '' } : { faultCode: e.faultCode ?? 9010, faultString: 'Download failure' };
  const { download: _d, ...rest } = ctx.s.tr69;
  void _d;
  ctx.s = { ...ctx.s, tr69: { ...rest, transfer: { commandKey: d.commandKey, fault, startTime: d.startedAt ?? ctx.now, completeTime: ctx.now } } };
  enqueue(ctx, '7 TRANSFER COMPLETE');
  enqueue(ctx, 'M Download', d.commandKey);
  if (e.ok && d.fileType.startsWith('1 ')) {
    // A firmware image: the phone reboots into it; the report follows in the boot session.
    ctx.s = { ...ctx.s, installedLoad: loadOf(d.url) };
    ctx.emit({ type: 'reboot', reason: 'TR-069 Download (firmware)', reqs: ctx.fire('tr69.download.firmware-reboot') });
    return;
  }
  ctx.fire('tr69.download.done');
  sessionNeeded(ctx);
}

function loadOf(url: string): string {
  const name = url.split('/').pop() ?? url;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

export type { QueuedEvent };
