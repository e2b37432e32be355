import type { TargetDriver } from './types.js';

/**
 * Every target driver provcert knows. Each driver module adds itself here (one import and one entry);
 * lib/targets/registry.ts resolves names and `a+b` combinations against this list.
 */
export const DRIVERS: readonly TargetDriver[] = [
];
