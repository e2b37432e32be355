/**
 * The CWMP session retry wait (TR-069 Amendment 6 section 3.2.1.1, table "Session Retry Wait
 * Intervals"; TR69-022): the n-th retry after a failed session waits a random time in
 * [m * (k/1000)^(n-1), m * (k/1000)^n] seconds, with m = CWMPRetryMinimumWaitInterval (5 s) and
 * k = CWMPRetryIntervalMultiplier (2000); from the 10th retry on the window stays at n = 10
 * (defaults: 2560..5120 s).
 */
export const CWMP_RETRY_MINIMUM_WAIT_INTERVAL = 5;
export const CWMP_RETRY_INTERVAL_MULTIPLIER = 2000;
export const MAX_RETRY_STEP = 10;

export interface RetryWindow {
  readonly minSeconds: number;
  readonly maxSeconds: number;
}

/** Window of the n-th retry (n >= 1). */
export function retryWindow(n: number, m = CWMP_RETRY_MINIMUM_WAIT_INTERVAL, k = CWMP_RETRY_INTERVAL_MULTIPLIER): RetryWindow {
  const step = Math.min(Math.max(1, Math.floor(n)), MAX_RETRY_STEP);
  const f = k / 1000;
  return { minSeconds: m * f ** (step - 1), maxSeconds: m * f ** step };
}
