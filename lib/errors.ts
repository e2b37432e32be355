/**
 * One error type for the whole product. Codes are stable (callers match on `code`),
 * and docs/errors.md is generated from ERROR_CODES (scripts/gen-docs.ts), so the
 * table below is the single source of truth. Style: undici lib/core/errors.js.
 */

export interface ErrorCodeInfo {
  /** Area of the product that raises it. */
  readonly area: 'cli' | 'config' | 'codec' | 'profile' | 'rule' | 'crypto' | 'requirements' | 'io' | 'model' | 'lab' | 'target' | 'internal';
  /** Process exit code when this error ends a CLI command (conventions.md). */
  readonly exit: 1 | 2;
  readonly summary: string;
}

export const ERROR_CODES = {
  PC_ERR_USAGE: { area: 'cli', exit: 2, summary: 'Bad command line: unknown command or flag, missing or malformed argument.' },
  PC_ERR_CONFIG: { area: 'config', exit: 2, summary: 'Missing or invalid configuration (target file, option value).' },
  PC_ERR_IO: { area: 'io', exit: 1, summary: 'A file could not be read or written.' },
  PC_ERR_DECODE_TRUNCATED: { area: 'codec', exit: 1, summary: 'Input ends before the structure it announces.' },
  PC_ERR_DECODE_INVALID: { area: 'codec', exit: 1, summary: 'Input cannot be framed as the protocol it claims to be.' },
  PC_ERR_DECODE_LIMIT: { area: 'codec', exit: 1, summary: 'Input exceeds a configured size or depth bound.' },
  PC_ERR_ENCODE_INVALID: { area: 'codec', exit: 1, summary: 'A value cannot be encoded (out of range or too long for its field).' },
  PC_ERR_PROFILE_INVALID: { area: 'profile', exit: 1, summary: 'The profile is not a well-formed Cisco XML open-format profile.' },
  PC_ERR_PROFILE_REFUSED: { area: 'profile', exit: 1, summary: 'The profile uses a construct refused for safety (DTD, entity declaration, external entity).' },
  PC_ERR_PROFILE_LIMIT: { area: 'profile', exit: 1, summary: 'The profile exceeds a size, depth or inflation bound.' },
  PC_ERR_RULE_SYNTAX: { area: 'rule', exit: 1, summary: 'A profile rule, upgrade rule or expression does not follow the rule grammar.' },
  PC_ERR_CRYPTO_FORMAT: { area: 'crypto', exit: 1, summary: 'An encrypted body has no recognisable or a malformed wrapper.' },
  PC_ERR_CRYPTO_KEY: { area: 'crypto', exit: 1, summary: 'Decryption failed: wrong key, wrong key derivation or corrupted body.' },
  PC_ERR_REQUIREMENT_UNKNOWN: { area: 'requirements', exit: 2, summary: 'A requirement ID is not in the catalogue nor in the X- overlay.' },
  PC_ERR_MODEL: { area: 'model', exit: 1, summary: 'The phone model was driven with an event it cannot take in its state.' },
  PC_ERR_LAB: { area: 'lab', exit: 1, summary: 'The lab (namespaces, capture, processes) could not be set up or torn down.' },
  PC_ERR_TARGET: { area: 'target', exit: 1, summary: 'The target under test could not be started or stopped.' },
  PC_ERR_INTERNAL: { area: 'internal', exit: 1, summary: 'A bug in provcert; rerun with PROVCERT_DEBUG=1 for the stack.' },
  PC_ERR_JUDGEMENT: { area: 'target', exit: 1, summary: 'A conformance test judged the target (a pass criterion failed, or the test cannot apply here); the runner records it as a fail, skip or n/a result.' },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorDetails {
  /** Protocol or format the error is about (dhcp, tftp, profile, pcapng, ...). */
  proto?: string;
  /** Byte offset (codecs) where the problem was found. */
  offset?: number;
  /** 1-based line and column (text formats). */
  line?: number;
  column?: number;
  /** Requirement the problem relates to. */
  requirementId?: string;
  cause?: unknown;
}

export class ProvcertError extends Error {
  readonly code: ErrorCode;
  readonly proto?: string;
  readonly offset?: number;
  readonly line?: number;
  readonly column?: number;
  readonly requirementId?: string;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ProvcertError';
    this.code = code;
    if (details.proto !== undefined) this.proto = details.proto;
    if (details.offset !== undefined) this.offset = details.offset;
    if (details.line !== undefined) this.line = details.line;
    if (details.column !== undefined) this.column = details.column;
    if (details.requirementId !== undefined) this.requirementId = details.requirementId;
  }

  get exitCode(): 1 | 2 {
    return ERROR_CODES[this.code].exit;
  }

  /** One line for a terminal: code, where, what. Never a stack. */
  toLine(): string {
    const where: string[] = [];
    if (this.proto !== undefined) where.push(this.proto);
    if (this.line !== undefined) where.push(`line ${this.line}${this.column !== undefined ? `:${this.column}` : ''}`);
    if (this.offset !== undefined) where.push(`offset ${this.offset}`);
    return `${this.code}${where.length ? ` (${where.join(', ')})` : ''}: ${this.message}`;
  }
}

/** Decoding failed: always carries the protocol and the byte offset (style-examples.md #1, #7). */
export class DecodeError extends ProvcertError {
  declare readonly offset: number;
  declare readonly proto: string;
  constructor(code: 'PC_ERR_DECODE_TRUNCATED' | 'PC_ERR_DECODE_INVALID' | 'PC_ERR_DECODE_LIMIT', proto: string, offset: number, message: string) {
    super(code, message, { proto, offset });
    this.name = 'DecodeError';
  }
}

export function isProvcertError(e: unknown): e is ProvcertError {
  return e instanceof ProvcertError;
}

export function usageError(message: string): ProvcertError {
  return new ProvcertError('PC_ERR_USAGE', message);
}

export function configError(message: string, details: ErrorDetails = {}): ProvcertError {
  return new ProvcertError('PC_ERR_CONFIG', message, details);
}
