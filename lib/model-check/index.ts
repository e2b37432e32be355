/** lib/model-check: registration, discovery and execution of the phone-model properties. */
export type { AnyProperty, Check, ModelProperty, PropertyResult } from './types.js';
export { RecordingCheck, deepSame } from './assert.js';
export { runProperty, DEFAULT_RUNS, DEFAULT_SEED, type RunOptions } from './run.js';
export { formatCounterexample, formatResult, describeArg } from './format.js';
export { loadSuites, selectProperties, findSuiteFiles, defaultSuitesDir, type ModelSuite } from './discover.js';
export { runUnderTap, type TapLike } from './tap.js';
export { defineSuite, slugOf, type SuiteBuilder, type PropertyOptions } from './define.js';
