/**
 * Result types of the Cisco XML open-format profile parser (PG18, PG20, AG88_100).
 * Pure data: no `node:*` here, the phone model imports these.
 */

/** User-account access of a parameter (PROF-010): no access, read-only, read/write. */
export type Ua = 'na' | 'ro' | 'rw';

export type FindingSeverity = 'error' | 'warning' | 'info';

export interface ProfileFinding {
  /** Stable kebab-case code, see FINDING_CODES in findings.ts. */
  code: string;
  /** Catalogue or X- requirement ID the finding is about. */
  requirement: string;
  /** 1-based line and column (column counts UTF-16 code units, which equals characters for ASCII). */
  line: number;
  column: number;
  message: string;
  severity: FindingSeverity;
}

/**
 * One parameter element as written. `form` records how it was written, because the
 * empty forms mean different things (PROF-005, PROF-006, X-PROF-001).
 */
export interface ProfileParam {
  name: string;
  /** Trimmed value, newlines turned into spaces (PROF-012); '' for the empty forms. */
  value: string;
  form: 'text' | 'empty-pair' | 'self-closing';
  ua?: Ua;
  line: number;
  column: number;
}

export interface Profile {
  root: 'flat-profile' | 'device';
  params: ProfileParam[];
}

export interface ProfileParseResult {
  /** False when any error finding exists. */
  ok: boolean;
  /** Present when the document could be read to its end (it may still carry error findings). */
  profile?: Profile;
  findings: ProfileFinding[];
}

/** Bounds applied before and while parsing (X-PROF-003). */
export interface ProfileLimits {
  /** Input size in bytes (UTF-8 length for string input). */
  maxBytes: number;
  /** Element nesting depth; `<device><flat-profile><X>` is depth 3. */
  maxDepth: number;
  maxParams: number;
  maxNameLength: number;
  /** Length of one parameter value after normalisation. */
  maxValueLength: number;
  /** Findings kept; one info finding says how many more were dropped. */
  maxFindings: number;
}

export const DEFAULT_PROFILE_LIMITS: Readonly<ProfileLimits> = Object.freeze({
  maxBytes: 4 * 1024 * 1024,
  maxDepth: 16,
  maxParams: 100_000,
  maxNameLength: 256,
  maxValueLength: 65_536,
  maxFindings: 1000,
});

export function resolveLimits(limits: Partial<ProfileLimits> = {}): ProfileLimits {
  const out: ProfileLimits = { ...DEFAULT_PROFILE_LIMITS };
  for (const key of Object.keys(out) as (keyof ProfileLimits)[]) {
    const v = limits[key];
    if (v !== undefined) out[key] = v;
  }
  return out;
}
