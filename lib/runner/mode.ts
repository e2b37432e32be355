/**
 * Which mode a run uses (brief part 3): lab when root and network namespaces are usable (the target
 * in the server namespace, phones in phone namespaces, real capture), loopback otherwise.
 */
import { configError, usageError } from '../errors.js';
import { canUseNetns } from '../lab/sys.js';
import type { RunMode } from './types.js';

export function labReason(): string | undefined {
  const ns = canUseNetns();
  return ns.ok ? undefined : ns.reason;
}

export function chooseMode(asked: 'auto' | 'loopback' | 'lab', target: string): RunMode {
  if (asked === 'loopback') return 'loopback';
  const why = labReason();
  if (asked === 'lab') {
    if (why !== undefined) throw usageError(`--mode lab is not possible here: ${why}`);
    // The lab wiring of the runner (emulator in a phone namespace, per-test tcpdump on the server
    // interface) is not finished: refuse rather than run a lab-less run under the lab's name.
    if (!LAB_IMPLEMENTED) throw configError('--mode lab is not available in provcert run yet (docs/runner.md "Modes"); use --mode loopback');
    return 'lab';
  }
  if (LAB_IMPLEMENTED && why === undefined && needsLab(target)) return 'lab';
  return LAB_IMPLEMENTED && LAB_BY_DEFAULT && why === undefined ? 'lab' : 'loopback';
}

/**
 * Process and container targets (dnsmasq, kea+nginx, container:dnsmasq, ...) only run in a lab: on
 * loopback they could not start, so `auto` picks the lab for them when it is possible. builtin and
 * target files (command/external targets) run on loopback unless --mode lab is given.
 */
export function needsLab(target: string): boolean {
  return target !== 'builtin' && !/\.(ya?ml|json)$/i.test(target);
}

/** Until lab mode has run against every target kind in CI, auto means loopback for builtin and files. */
const LAB_BY_DEFAULT = false;
const LAB_IMPLEMENTED = true;
