/**
 * The pure reducer: step(state, event) -> { state, effects, fired }. It composes the
 * sub-machines (dhcp-client, resync, upgrade, onboarding, access, sip); a later sub-machine
 * (TR-069, PFS) adds a case here and rows to TRANSITIONS. No I/O, no real time, no Math.random:
 * time comes with the event, randomness from the PRNG in the state.
 */
import { ProvcertError } from '../errors.js';
import { onWebRequest } from './access.js';
import { StepCtx } from './ctx.js';
import { onAck, onLeaseTimer, onNak, onOffer, onRetransmitTimer, startDiscover } from './dhcp-client.js';
import type { Effect } from './effects.js';
import type { PhoneEvent } from './events.js';
import { needsDeviceActivation, onActivationCode, onActivationDecodeResult, onActivationFetchResult, startDeviceActivation } from './onboarding.js';
import { onCallsIdle, onForcedTimer, onNetworkUp, onProfileDecodeResult, onProfileFetchResult, onResyncTimer, requestExplicitResync } from './resync.js';
import { onSipNotify } from './sip.js';
import { INITIAL_DHCP, INITIAL_RESYNC, rebootState, type PhoneState } from './state.js';
import { onUpgradeCallsIdle, onUpgradeFetchResult, onUpgradeRetryTimer } from './upgrade.js';
import { onConnectionRequest, onCwmpResponse, onDownloadResult, onParameterChange, onTr69NetworkUp, onTr69Timer } from './tr69/session.js';
import { INITIAL_TR69 } from './tr69/types.js';
import { onPfsEvent, onPfsFetchResult, onPfsTimer, pfsAfterDispatch } from './pfs/machine.js';

export interface StepResult {
  readonly state: PhoneState;
  readonly effects: readonly Effect[];
  /** Transition IDs (TRANSITIONS) in the order they fired. */
  readonly fired: readonly string[];
}

export function step(state: PhoneState, event: PhoneEvent): StepResult {
  if (!Number.isFinite(event.at) || event.at < state.now) {
    throw new ProvcertError('PC_ERR_MODEL', `event ${event.type} at ${event.at} ms is before the model's time ${state.now} ms`);
  }
  const ctx = new StepCtx({ ...state, now: event.at });
  if (ctx.s.power === 'off' && event.type !== 'power-up') {
    ctx.fire('power.off.ignored');
  } else {
    dispatch(ctx, event);
    // PFS watches the upgrade's outcome: a root relays before its reboot (X-PFS-004).
    pfsAfterDispatch(ctx);
  }
  if (ctx.effects.some((e) => e.type === 'reboot')) {
    ctx.fire('power.reboot');
    ctx.s = rebootState(ctx.s);
    if (event.type === 'factory-reset') ctx.s = { ...ctx.s, access: { firstBoot: true, passwordProvisioned: false, setPassword: 'pending' } };
  }
  return { state: ctx.s, effects: ctx.effects, fired: ctx.fired };
}

function dispatch(ctx: StepCtx, e: PhoneEvent): void {
  switch (e.type) {
    case 'power-up': {
      if (ctx.s.power === 'running') throw new ProvcertError('PC_ERR_MODEL', 'power-up on a running phone');
      ctx.fire('power.up');
      ctx.s = { ...ctx.s, power: 'running', bootedAt: ctx.now, dhcp: INITIAL_DHCP, resync: INITIAL_RESYNC };
      if (ctx.s.link === 'up') startDiscover(ctx);
      return;
    }
    case 'link-down': {
      if (ctx.s.link === 'down') return;
      ctx.fire('link.down');
      for (const t of ['dhcp-retransmit', 'dhcp-t1', 'dhcp-t2', 'dhcp-lease'] as const) ctx.cancelTimer(t, ['RESYNC-015']);
      ctx.s = { ...ctx.s, link: 'down' };
      ctx.setDhcp({ phase: 'idle', learned: undefined });
      return;
    }
    case 'link-up': {
      if (ctx.s.link === 'up') return;
      ctx.fire('link.up');
      ctx.s = { ...ctx.s, link: 'up' };
      startDiscover(ctx);
      ctx.setDhcp({ linkUpPending: ctx.s.dhcp.boundSincePowerUp });
      return;
    }
    case 'factory-reset': {
      const reqs = ctx.fire('power.factory-reset');
      ctx.s = {
        ...ctx.s, config: {}, ua: {},
        access: { firstBoot: true, passwordProvisioned: false, setPassword: 'pending' },
        onboarding: { phase: 'none', edosConfigured: false },
        upgrade: { phase: 'idle', upgst: 1, upgerr: '', errorCount: 0 },
        tr69: INITIAL_TR69,
      };
      ctx.emit({ type: 'reboot', reason: 'factory reset', reqs });
      return;
    }
    case 'timer': {
      if (ctx.s.timers[e.name] !== e.at) { ctx.fire('timer.stale'); return; }
      ctx.consumeTimer(e.name);
      switch (e.name) {
        case 'resync': onResyncTimer(ctx); return;
        case 'forced-resync': onForcedTimer(ctx); return;
        case 'upgrade-retry': onUpgradeRetryTimer(ctx); return;
        case 'dhcp-retransmit': onRetransmitTimer(ctx); return;
        case 'dhcp-t1': case 'dhcp-t2': case 'dhcp-lease': onLeaseTimer(ctx, e.name); return;
        case 'tr69-periodic': case 'tr69-retry': onTr69Timer(ctx, e.name); return;
        case 'pfs-election': case 'pfs-relay': onPfsTimer(ctx, e.name); return;
      }
      return;
    }
    case 'dhcp-offer': onOffer(ctx, e.xid, e.yiaddr, e.options); return;
    case 'dhcp-ack': {
      const wasBound = ctx.s.dhcp.boundSincePowerUp;
      const linkUp = ctx.s.dhcp.linkUpPending;
      const r = onAck(ctx, e.xid, e.yiaddr, e.options);
      if (r !== 'new') return;
      ctx.setDhcp({ boundSincePowerUp: true, linkUpPending: false });
      if (!wasBound) {
        if (needsDeviceActivation(ctx)) startDeviceActivation(ctx);
        else onNetworkUp(ctx, true);
      } else if (linkUp) {
        onNetworkUp(ctx, false);
      }
      // TR-069 runs beside provisioning: ACS from config or DHCP 43/125 (DHCP-007, TR69-023).
      if (!wasBound || linkUp) onTr69NetworkUp(ctx);
      return;
    }
    case 'dhcp-nak': onNak(ctx, e.xid); return;
    case 'cwmp-response': onCwmpResponse(ctx, e); return;
    case 'connection-request': onConnectionRequest(ctx, e); return;
    case 'parameter-change': onParameterChange(ctx, e); return;
    case 'tr69-download-result': onDownloadResult(ctx, e); return;
    case 'fetch-result': {
      if (ctx.s.resync.attempt?.id === e.id && ctx.s.resync.phase === 'fetching') onProfileFetchResult(ctx, e.outcome);
      else if (ctx.s.upgrade.attempt?.id === e.id) { if (!onPfsFetchResult(ctx, e.outcome)) onUpgradeFetchResult(ctx, e.outcome); }
      else if (ctx.s.onboarding.attempt?.id === e.id) onActivationFetchResult(ctx, e.outcome);
      else ctx.fire('fetch.stale');
      return;
    }
    case 'decrypt-result':
    case 'gunzip-result': {
      if (ctx.s.resync.attempt?.id === e.id) onProfileDecodeResult(ctx, e.ok, e.body);
      else if (ctx.s.onboarding.attempt?.id === e.id) onActivationDecodeResult(ctx, e.ok, e.body);
      else ctx.fire('fetch.stale');
      return;
    }
    case 'call-start': {
      ctx.fire('call.start');
      if (!ctx.s.activeLines.includes(e.line)) ctx.s = { ...ctx.s, activeLines: [...ctx.s.activeLines, e.line].sort((a, b) => a - b) };
      return;
    }
    case 'call-end': {
      ctx.fire('call.end');
      ctx.s = { ...ctx.s, activeLines: ctx.s.activeLines.filter((l) => l !== e.line) };
      if (ctx.idle) {
        onUpgradeCallsIdle(ctx);
        onCallsIdle(ctx);
      }
      return;
    }
    case 'sip-notify': onSipNotify(ctx, e.event, e.callId, e.cseq); return;
    case 'web-request': {
      const action = onWebRequest(ctx, e.path, e.query, e.role ?? 'none');
      if (action.kind === 'resync') requestExplicitResync(ctx, 'resync.explicit.web', action.url);
      return;
    }
    case 'web-submit': {
      const reqs = ctx.fire('web.submit.reboot');
      ctx.setConfig(e.changes);
      ctx.emit({ type: 'reboot', reason: 'web Submit All Changes', reqs });
      return;
    }
    case 'keypad-resync': {
      ctx.fire('keypad.resync');
      ctx.setConfig({ Profile_Rule: e.rule });
      requestExplicitResync(ctx, 'resync.explicit.keypad');
      return;
    }
    case 'activation-code': onActivationCode(ctx, e.code); return;
    case 'pfs-message': case 'pfs-peer-gone': onPfsEvent(ctx, e); return;
  }
}
