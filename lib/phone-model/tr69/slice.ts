import type { StepCtx } from '../ctx.js';
import type { Tr69State } from './types.js';

/** Updates the TR-069 slice of the state being stepped. */
export function setTr69(ctx: StepCtx, p: Partial<Tr69State>): void {
  ctx.s = { ...ctx.s, tr69: { ...ctx.s.tr69, ...p } };
}
