/**
 * Peer Firmware Sharing during an upgrade (PFS-001/002/004/005/006, X-PFS-001..006):
 *   off -> electing (announce on UDP 4051, listen PFS_ELECTION_WINDOW_MS)
 *       -> root-fetching (download from the load server) -> relaying (image-ready to the group,
 *          reboot held until every member copied or PFS_RELAY_WINDOW_MS) -> reboot
 *       -> waiting-root -> peer-fetching (TCP 6970 from the root) -> install and reboot
 *       -> fallback (root failed or the copy failed: the load server, as without PFS)
 * The upgrade sub-machine keeps its own bookkeeping (latch, $UPGST, retries); PFS only decides
 * where the image comes from and when the root reboots.
 */
import type { StepCtx } from '../ctx.js';
import type { FetchOutcome } from '../events.js';
import { emitFetch } from '../fetch.js';
import type { FetchAttempt } from '../state.js';
import { onUpgradeFetchResult } from '../upgrade.js';
import { electRoot, groupOf, type PfsSelf } from './election.js';
import { PFS_LOG } from './messages.js';
import { pfsAvailable, pfsEnabled, pfsLogServer } from './params.js';
import { setPfs } from './slice.js';
import {
  PFS_CONTROL_PORT, PFS_DISCOVERY_PORT, PFS_ELECTION_WINDOW_MS, PFS_RELAY_WINDOW_MS, PFS_TRANSFER_PORT,
  type PfsEvent, type PfsMessageKind, type PfsPeerInfo, type PfsRole,
} from './types.js';

function self(ctx: StepCtx): PfsSelf {
  return { mac: ctx.s.facts.mac, productName: ctx.s.facts.productName, load: ctx.s.pfs.load ?? '' };
}

function info(ctx: StepCtx, role: PfsRole, root?: string): PfsPeerInfo {
  const me = self(ctx);
  return { mac: me.mac, ip: ctx.s.dhcp.learned?.ip ?? '0.0.0.0', productName: me.productName, load: me.load, role, ...(root !== undefined ? { root } : {}) };
}

/** PFS-004 / X-PFS-005: the PFS log lines go to Peer_Firmware_Sharing_Log_Server only. */
function pfsLog(ctx: StepCtx, message: string): void {
  const server = pfsLogServer(ctx.s.config);
  ctx.log(message, []);
  if (server) ctx.emit({ type: 'syslog', message, server, reqs: ctx.fire('pfs.log') });
}

function send(ctx: StepCtx, kind: PfsMessageKind, to: 'subnet' | string, me: PfsPeerInfo, reqs: readonly string[]): void {
  // PFS-005: discovery is UDP 4051 broadcast, control messages TCP 4051 (AGCOPY port table).
  const udp = to === 'subnet';
  ctx.emit({ type: 'notify-peer', kind, to, transport: udp ? 'udp' : 'tcp', port: udp ? PFS_DISCOVERY_PORT : PFS_CONTROL_PORT, self: me, message: `${kind} ${me.load}`, reqs });
}

const group = (ctx: StepCtx) => groupOf(self(ctx), ctx.s.pfs.peers);

/**
 * Called by the upgrade sub-machine just before it would download: returns true when PFS takes
 * the download over. Gating (PFS-006, X-PFS-001): Peer_Firmware_Sharing=Yes (Upgrade_Enable=Yes
 * is already checked by the caller) on 11.2(1) or later; only upgrades ever use PFS.
 */
export function startPfsUpgrade(ctx: StepCtx, a: FetchAttempt): boolean {
  if (!pfsEnabled(ctx.s.config)) return false;
  if (!pfsAvailable(ctx.s.facts.swVersion)) {
    ctx.log(`Peer_Firmware_Sharing needs 11.2(1) or later (running ${ctx.s.facts.swVersion})`, ctx.fire('pfs.unavailable'));
    return false;
  }
  const load = loadOfPath(a.path);
  const reqs = ctx.fire('pfs.announce');
  setPfs(ctx, { phase: 'electing', load, ready: [], copied: [], rounds: 0, root: undefined });
  send(ctx, 'announce', 'subnet', info(ctx, 'candidate'), reqs);
  ctx.startTimer('pfs-election', PFS_ELECTION_WINDOW_MS, reqs);
  return true;
}

function loadOfPath(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1).split('?')[0] ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** Runs the election on the current view (X-PFS-002). */
function decide(ctx: StepCtx): void {
  const me = self(ctx);
  const { root, claimed } = electRoot(me, group(ctx));
  if (root === me.mac) { becomeRoot(ctx); return; }
  if (claimed) { becomePeer(ctx, root); return; }
  // A lower MAC has not claimed yet: give it one more window (X-PFS-002).
  const reqs = ctx.fire('pfs.elect.wait');
  setPfs(ctx, { phase: 'waiting-root', root });
  ctx.startTimer('pfs-election', PFS_ELECTION_WINDOW_MS, reqs);
}

function becomeRoot(ctx: StepCtx): void {
  const a = ctx.s.upgrade.attempt;
  const reqs = ctx.fire('pfs.elect.root');
  ctx.cancelTimer('pfs-election', reqs);
  setPfs(ctx, { phase: 'root-fetching', root: ctx.s.facts.mac });
  send(ctx, 'announce', 'subnet', info(ctx, 'root'), reqs);
  if (!a) return;
  pfsLog(ctx, PFS_LOG.root(ctx.s.pfs.load ?? '', a.host));
  emitFetch(ctx, a, ctx.fire('pfs.root.fetch'));
}

function becomePeer(ctx: StepCtx, root: string): void {
  const reqs = ctx.fire('pfs.elect.peer');
  setPfs(ctx, { phase: 'waiting-root', root });
  send(ctx, 'announce', 'subnet', info(ctx, 'peer', root), reqs);
  pfsLog(ctx, PFS_LOG.peer(ctx.s.pfs.load ?? '', root));
  if (ctx.s.pfs.ready.includes(root)) { startPeerFetch(ctx); return; }
  // X-PFS-006: a root that never offers its image is given up after the relay window.
  ctx.startTimer('pfs-election', PFS_RELAY_WINDOW_MS, reqs);
}

function startPeerFetch(ctx: StepCtx): void {
  const a = ctx.s.upgrade.attempt;
  const root = ctx.s.pfs.peers.find((p) => p.mac === ctx.s.pfs.root);
  if (!a || !root) return;
  const reqs = ctx.fire('pfs.peer.fetch');
  ctx.cancelTimer('pfs-election', reqs);
  setPfs(ctx, { phase: 'peer-fetching' });
  pfsLog(ctx, PFS_LOG.copy(ctx.s.pfs.load ?? '', root.mac, root.ip));
  ctx.emit({ type: 'peer-fetch', id: a.id, root: root.mac, host: root.ip, port: PFS_TRANSFER_PORT, transport: 'tcp', load: ctx.s.pfs.load ?? '', reqs });
}

/** Root failed or copy failed: download from the load server like a phone without PFS. */
function fallback(ctx: StepCtx, why: string): void {
  const a = ctx.s.upgrade.attempt;
  const reqs = ctx.fire('pfs.peer.fallback');
  ctx.cancelTimer('pfs-election', reqs);
  setPfs(ctx, { phase: 'fallback' });
  pfsLog(ctx, PFS_LOG.fallback(ctx.s.pfs.load ?? '', why));
  if (!a) return;
  // A fresh id: a late answer to the abandoned copy must not count as the server's answer.
  const fresh = { ...a, id: ctx.newId() };
  ctx.setUpgrade({ attempt: fresh });
  emitFetch(ctx, fresh, reqs);
}

export function onPfsEvent(ctx: StepCtx, e: PfsEvent): void {
  if (!pfsEnabled(ctx.s.config)) { ctx.fire('pfs.peer.ignored'); return; }
  if (e.type === 'pfs-peer-gone') { onPeerGone(ctx, e.mac); return; }
  const p = ctx.s.pfs;
  const from = e.from;
  // Every CPPDP message carries its sender's current role: the table follows it.
  setPfs(ctx, { peers: [...p.peers.filter((x) => x.mac !== from.mac), from] });
  if (e.kind === 'announce') {
    ctx.fire('pfs.peer.heard');
    const member = groupOf(self(ctx), [from]).length === 1;
    // A root answers a late candidate of its group directly, so that it joins (X-PFS-002).
    if (member && from.role === 'candidate' && (p.phase === 'root-fetching' || p.phase === 'relaying')) {
      const reqs = ctx.fire('pfs.root.answer');
      send(ctx, 'announce', from.mac, info(ctx, 'root'), reqs);
      if (p.phase === 'relaying') send(ctx, 'image-ready', from.mac, info(ctx, 'root'), reqs);
    }
    // Waiting for a lower MAC that has not claimed: a new claim (or role) settles it.
    if (p.phase === 'waiting-root' && !p.peers.some((x) => x.mac === p.root && x.role === 'root')) {
      const claims = group(ctx).some((x) => x.role === 'root');
      if (claims) decide(ctx);
    }
    if (p.phase === 'relaying') maybeRelayDone(ctx);
    return;
  }
  if (e.kind === 'image-ready') {
    ctx.fire('pfs.peer.heard');
    setPfs(ctx, { ready: p.ready.includes(from.mac) ? p.ready : [...p.ready, from.mac] });
    if (p.phase === 'waiting-root' && p.root === from.mac) startPeerFetch(ctx);
    return;
  }
  if (e.kind === 'root-failed') {
    ctx.fire('pfs.peer.heard');
    if ((p.phase === 'waiting-root' || p.phase === 'peer-fetching') && p.root === from.mac) fallback(ctx, `root ${from.mac} failed`);
    return;
  }
  // copied
  if (p.phase !== 'relaying') { ctx.fire('pfs.peer.ignored'); return; }
  ctx.fire('pfs.root.copied');
  if (!p.copied.includes(from.mac)) setPfs(ctx, { copied: [...p.copied, from.mac] });
  pfsLog(ctx, PFS_LOG.copied(p.load ?? '', from.mac));
  maybeRelayDone(ctx);
}

function onPeerGone(ctx: StepCtx, mac: string): void {
  const p = ctx.s.pfs;
  setPfs(ctx, { peers: p.peers.filter((x) => x.mac !== mac), ready: p.ready.filter((x) => x !== mac) });
  if ((p.phase === 'waiting-root' || p.phase === 'peer-fetching') && p.root === mac) {
    ctx.fire('pfs.peer.root-gone');
    pfsLog(ctx, PFS_LOG.reelect(p.load ?? '', mac));
    const a = ctx.s.upgrade.attempt;
    if (a && p.phase === 'peer-fetching') ctx.setUpgrade({ attempt: { ...a, id: ctx.newId() } });
    setPfs(ctx, { phase: 'electing', root: undefined, rounds: p.rounds + 1 });
    decide(ctx);
    return;
  }
  ctx.fire('pfs.peer.gone');
  if (p.phase === 'relaying') maybeRelayDone(ctx);
}

export function onPfsTimer(ctx: StepCtx, name: 'pfs-election' | 'pfs-relay'): void {
  const p = ctx.s.pfs;
  if (name === 'pfs-relay') { if (p.phase === 'relaying') relayDone(ctx); return; }
  if (p.phase === 'electing') { decide(ctx); return; }
  if (p.phase !== 'waiting-root') return;
  const claimed = p.peers.some((x) => x.mac === p.root && x.role === 'root');
  if (claimed) { fallback(ctx, `root ${p.root ?? '?'} offered no image in time`); return; }
  // The expected root stayed silent for a whole window: forget it and elect again (bounded by the group size).
  ctx.fire('pfs.elect.drop-silent');
  setPfs(ctx, { peers: p.peers.filter((x) => x.mac !== p.root), root: undefined, phase: 'electing', rounds: p.rounds + 1 });
  decide(ctx);
}

/** A fetch-result for the upgrade attempt while copying from the root; false = not PFS's. */
export function onPfsFetchResult(ctx: StepCtx, outcome: FetchOutcome): boolean {
  const p = ctx.s.pfs;
  if (p.phase !== 'peer-fetching') return false;
  const ok = (outcome.kind === 'http' && outcome.status === 200) || outcome.kind === 'tftp';
  if (!ok) { fallback(ctx, `copy from root ${p.root ?? '?'} failed`); return true; }
  const reqs = ctx.fire('pfs.peer.copied');
  const root = p.peers.find((x) => x.mac === p.root);
  if (root) send(ctx, 'copied', root.mac, info(ctx, 'peer', root.mac), reqs);
  setPfs(ctx, { phase: 'off' });
  onUpgradeFetchResult(ctx, outcome);
  return true;
}

/**
 * After every step: a root whose download just ended either relays (holding the upgrade's
 * reboot, X-PFS-004) or tells the group it failed (X-PFS-006); a finished fallback ends PFS.
 */
export function pfsAfterDispatch(ctx: StepCtx): void {
  const p = ctx.s.pfs;
  if (p.phase === 'fallback' && ctx.s.upgrade.phase !== 'fetching') { ctx.fire('pfs.fallback.done'); setPfs(ctx, { phase: 'off' }); return; }
  if (p.phase !== 'root-fetching' || ctx.s.upgrade.phase === 'fetching') return;
  const members = group(ctx);
  if (ctx.s.installedLoad === undefined) {
    const reqs = ctx.fire('pfs.root.failed');
    for (const m of members) send(ctx, 'root-failed', m.mac, info(ctx, 'root'), reqs);
    pfsLog(ctx, PFS_LOG.rootFailed(p.load ?? ''));
    setPfs(ctx, { phase: 'off' });
    return;
  }
  if (members.length === 0) { ctx.fire('pfs.root.alone'); setPfs(ctx, { phase: 'off' }); return; }
  const reqs = ctx.fire('pfs.root.relay');
  // Hold the upgrade's reboot: the image stays installed and is served until the relay ends.
  for (let i = ctx.effects.length - 1; i >= 0; i--) if (ctx.effects[i]?.type === 'reboot') ctx.effects.splice(i, 1);
  ctx.setUpgrade({ phase: 'installed' });
  setPfs(ctx, { phase: 'relaying', copied: [] });
  for (const m of members) send(ctx, 'image-ready', m.mac, info(ctx, 'root'), reqs);
  pfsLog(ctx, PFS_LOG.relay(p.load ?? '', members.length));
  ctx.startTimer('pfs-relay', PFS_RELAY_WINDOW_MS, reqs);
}

function maybeRelayDone(ctx: StepCtx): void {
  const members = group(ctx);
  if (members.every((m) => ctx.s.pfs.copied.includes(m.mac))) relayDone(ctx);
}

function relayDone(ctx: StepCtx): void {
  const p = ctx.s.pfs;
  const reqs = ctx.fire('pfs.root.relay-done');
  ctx.cancelTimer('pfs-relay', reqs);
  pfsLog(ctx, PFS_LOG.relayDone(p.load ?? '', p.copied.length, group(ctx).length));
  setPfs(ctx, { phase: 'off' });
  // UPG-006: the reboot still waits for idle lines (call-end reboots an installed load).
  if (ctx.idle && ctx.s.upgrade.phase === 'installed') {
    ctx.setUpgrade({ phase: 'idle' });
    ctx.emit({ type: 'reboot', reason: `upgrade to ${ctx.s.installedLoad ?? '?'}`, reqs });
  }
}
