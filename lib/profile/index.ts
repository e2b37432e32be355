/**
 * Cisco XML open-format profiles: parse, serialise, what applying does, the parameter table.
 * Everything exported here is pure; gzip handling is in ./body.js (node:zlib).
 */
export type { Ua, FindingSeverity, ProfileFinding, ProfileParam, Profile, ProfileParseResult, ProfileLimits } from './types.js';
export { DEFAULT_PROFILE_LIMITS } from './types.js';
export { parseProfile, normaliseValue } from './parse.js';
export { serializeProfile, escapeText } from './serialize.js';
export { profileChanges, type ParamChange } from './changes.js';
export { FINDING_CODES, type FindingCode } from './findings.js';
export { PARAMETERS, lookupParameter, parameterHint, checkValue, describeType, type ParameterDef, type ParamType } from './parameters.js';
export { parseDelaySchedule, scheduleStep, isDelaySchedule, type DelaySchedule, type DelayStep } from './schedule.js';
