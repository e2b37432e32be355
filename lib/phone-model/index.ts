/**
 * lib/phone-model: the pure, deterministic model of a Cisco MPP phone's provisioning.
 * Decisions and vocabulary: docs/model-notes.md.
 */
export { step, type StepResult } from './step.js';
export { initialState, rebootState, type PhoneState, type InitOptions, type PrvSt, type TimerName, type FetchPurpose, type PowerPhase, type LinkPhase, type DhcpPhase, type ResyncPhase, type UpgradePhase, type OnboardingPhase, type SetPasswordDecision } from './state.js';
export { describeEvent, describeOutcome, type PhoneEvent, type PhoneEventType, type FetchOutcome } from './events.js';
export { describeEffect, type Effect, type EffectType, type FetchEffect } from './effects.js';
export type { DhcpSend, DhcpServerOptions, DhcpClientOptions, DhcpClientMessage } from './dhcp-types.js';
export { DEFAULT_FACTS, type PhoneFacts, type DhcpLearned } from './facts.js';
export { TRANSITIONS, TRANSITION_BY_ID, type Transition } from './transitions.js';
export { NOT_MODELLED, type NotModelled } from './not-modelled.js';
export { MODEL_DEFAULTS, param } from './params.js';
export { seedPrng, nextU32, randomInt, type PrngState } from './prng.js';
export { emptyTimerBook, applyTimerEffects, nextTimer, fireTimer, advanceTo, type TimerBook } from './virtual-clock.js';
export { HTTP_OUTCOME_TABLE, classifyOutcome, classifyStatus } from './http-outcome.js';
export { setPasswordBypassed, domainAllowed } from './access.js';
export { parseSchedule, parseResyncAt } from './schedule.js';
export { parseEventHeader } from './sip.js';
export { learnFromAck, leaseTimes, parameterRequestList, VENDOR_CLASS_ID } from './dhcp-client.js';
export { loadNameOf } from './upgrade.js';
export { MAX_AUTH_RETRIES, MAX_REDIRECTS, userAgent } from './fetch.js';
export { TR69_EVENT_CODES, INITIAL_TR69, describeTr69Event, describeTr69Effect, type Tr69State, type Tr69Phase, type Tr69EventCode, type Tr69Event, type Tr69Effect, type QueuedEvent, type TransferResult } from './tr69/types.js';
export { retryWindow, CWMP_RETRY_MINIMUM_WAIT_INTERVAL, CWMP_RETRY_INTERVAL_MULTIPLIER, type RetryWindow } from './tr69/retry.js';
export { TR69_DEFAULTS, SUPPORTED_ACS_METHODS, DOWNLOAD_FILE_TYPES, CR_RATE_LIMIT, CR_RATE_WINDOW_MS } from './tr69/params.js';
export { renderModelDoc, traceability, type TraceRow } from './doc.js';
export {
  INITIAL_PFS, PFS_DISCOVERY_PORT, PFS_CONTROL_PORT, PFS_TRANSFER_PORT, PFS_LOG_DEFAULT_PORT, PFS_ELECTION_WINDOW_MS, PFS_RELAY_WINDOW_MS,
  describePfsEvent, describePfsEffect, type PfsState, type PfsPhase, type PfsRole, type PfsPeerInfo, type PfsEvent, type PfsEffect, type PfsMessageKind,
} from './pfs/types.js';
export { electRoot, groupOf, type PfsSelf } from './pfs/election.js';
export { PFS_DEFAULTS, parseLogServer, pfsAvailable } from './pfs/params.js';
export { PFS_LOG } from './pfs/messages.js';
export { LOSS_BEHAVIOUR, dhcpRetransmitWindow, powerUpSpread, dailySpread, scheduleWindow, tr69RetryWindow, type LossBehaviour, type WindowMs } from './congestion.js';
