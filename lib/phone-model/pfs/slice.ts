import type { StepCtx } from '../ctx.js';
import type { PfsState } from './types.js';

/** Updates the PFS slice of the state being stepped. */
export function setPfs(ctx: StepCtx, p: Partial<PfsState>): void {
  ctx.s = { ...ctx.s, pfs: { ...ctx.s.pfs, ...p } };
}
