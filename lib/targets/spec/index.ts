/** Target files: loading, validation, placeholders and ports (docs/targets.md). */
export { loadTargetFile, checkTargetFile, type LoadOptions, type TargetFileCheck } from './load.js';
export { resolvePlaceholders, placeholderNames, type PlaceholderValues } from './placeholders.js';
export { STANDARD_PORTS, TCP_SERVICES, allocateLoopbackPorts } from './ports.js';
export { TARGET_SCHEMA, checkAgainstSchema } from './schema.js';
export { DEFAULT_SERVER_IP, DEFAULT_MODEL, DEFAULT_SWVER } from './build-spec.js';
