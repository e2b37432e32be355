/** One live emulated phone: the model's effects executed on real sockets (docs/emulator-phones.md). */
export { EmulatedPhone, type PhoneCredentialsPem, type PhoneOptions, type PhoneMetrics, type FetchRecord, type PhoneListener } from './emulated-phone.js';
export type { PhoneEnv, PhoneSipSettings } from './phone-env.js';
export type { PhoneInput } from './lease-services.js';
export { DEFAULT_TIME_SCALE, timeScale, wallDelayMs, LiveModelClock, type TimeScale, type TimeScaleOptions } from './time-scale.js';
export { Timeline, phoneSeed, type TimelineEntry, type TimelineKind } from './timeline.js';
export { dhcpRequestFor, dhcpEventOf, serverOptionsOf, prefixLength } from './dhcp-mapping.js';
export { executeFetch, type FetchIo, type FetchRun } from './fetch-executor.js';
export { executeDecode, type DecodeEffect, type DecodeRun } from './decode-executor.js';
