/**
 * The finding codes of the profile parser and linter: one table so that every code has one
 * requirement and one severity (style-examples.md #6, #7). IDs are checked at module load.
 */
import { requireIds } from '../requirements/index.js';
import type { FindingSeverity, ProfileFinding } from './types.js';

interface CodeInfo {
  readonly requirement: string;
  readonly severity: FindingSeverity;
  readonly summary: string;
}

export const FINDING_CODES = {
  'root-not-flat-profile': { requirement: 'PROF-001', severity: 'error', summary: 'The root element is neither <flat-profile> nor <device>.' },
  'no-flat-profile': { requirement: 'PROF-001', severity: 'error', summary: '<device> holds no <flat-profile> element.' },
  'device-extra-child': { requirement: 'X-PROF-005', severity: 'warning', summary: '<device> holds an element other than <flat-profile>; it is ignored.' },
  'nested-element': { requirement: 'X-PROF-005', severity: 'warning', summary: 'A child of <flat-profile> contains elements: a block, not a parameter; it sets nothing.' },
  'stray-text': { requirement: 'X-PROF-005', severity: 'warning', summary: 'Non-whitespace text directly inside <flat-profile> or <device>.' },
  'name-invalid': { requirement: 'PROF-002', severity: 'warning', summary: 'Element name has characters outside [A-Za-z0-9_-].' },
  'xml-not-well-formed': { requirement: 'PROF-004', severity: 'error', summary: 'The document is not well-formed XML.' },
  'self-closing-keeps-value': { requirement: 'X-PROF-001', severity: 'info', summary: 'Self-closing element with ua: access changes, the value is kept.' },
  'duplicate-parameter': { requirement: 'PROF-008', severity: 'warning', summary: 'The parameter occurs more than once; the last occurrence wins.' },
  'unknown-parameter': { requirement: 'PROF-007', severity: 'warning', summary: 'The parameter is not in provcert\'s parameter table.' },
  'value-invalid': { requirement: 'PROF-002', severity: 'warning', summary: 'The value does not fit the parameter\'s type (requirement of the parameter).' },
  'ua-invalid': { requirement: 'PROF-010', severity: 'error', summary: 'The ua attribute is not one of na, ro, rw.' },
  'ua-single-quoted': { requirement: 'PROF-010', severity: 'warning', summary: 'The ua value is in single quotes; the guides require double quotes.' },
  'attribute-unknown': { requirement: 'X-PROF-004', severity: 'warning', summary: 'An attribute other than ua; it is ignored.' },
  'non-ascii': { requirement: 'PROF-013', severity: 'error', summary: 'A non-ASCII character, raw or as a numeric character reference.' },
  'invalid-utf8': { requirement: 'X-PROF-006', severity: 'error', summary: 'The bytes are not valid UTF-8.' },
  'utf8-bom': { requirement: 'X-PROF-006', severity: 'warning', summary: 'The body starts with a UTF-8 byte-order mark.' },
  'doctype-refused': { requirement: 'X-PROF-002', severity: 'error', summary: 'A DOCTYPE (DTD, entity declarations, external entities) is refused.' },
  'entity-refused': { requirement: 'X-PROF-002', severity: 'error', summary: 'A reference to an entity other than the five predefined ones.' },
  'limit-exceeded': { requirement: 'X-PROF-003', severity: 'error', summary: 'A size, depth, count or length bound was exceeded.' },
  'findings-truncated': { requirement: 'X-PROF-003', severity: 'info', summary: 'More findings than maxFindings; the rest were dropped.' },
  'gzip-body': { requirement: 'ENC-001', severity: 'error', summary: 'The bytes are gzip-compressed; inflate them first (lib/profile/body.ts).' },
  'encrypted-body': { requirement: 'ENC-002', severity: 'error', summary: 'The bytes are an openssl enc body (Salted__); decrypt them first.' },
  'processing-instruction': { requirement: 'PROF-012', severity: 'info', summary: 'A processing instruction other than the XML declaration; ignored.' },
} as const satisfies Record<string, CodeInfo>;

export type FindingCode = keyof typeof FINDING_CODES;

requireIds(Object.values(FINDING_CODES).map((c) => c.requirement), 'lib/profile/findings.ts');

/**
 * Collects findings for one parse (never a module global, style-examples.md #7) and caps
 * their number so that a hostile input cannot produce an unbounded report (X-PROF-003).
 */
export class FindingSink {
  readonly findings: ProfileFinding[] = [];
  private dropped = 0;
  private errors = 0;

  constructor(private readonly max: number) {}

  add(code: FindingCode, line: number, column: number, message: string, requirement?: string): void {
    const info = FINDING_CODES[code];
    if (info.severity === 'error') this.errors++;
    if (this.findings.length >= this.max) {
      this.dropped++;
      return;
    }
    this.findings.push({ code, requirement: requirement ?? info.requirement, line, column, message, severity: info.severity });
  }

  get hasErrors(): boolean {
    return this.errors > 0;
  }

  /** The findings sorted by position, plus the truncation note. */
  finish(): ProfileFinding[] {
    const out = [...this.findings].sort((a, b) => a.line - b.line || a.column - b.column);
    if (this.dropped > 0) {
      const last = out[out.length - 1];
      out.push({ code: 'findings-truncated', requirement: FINDING_CODES['findings-truncated'].requirement, line: last?.line ?? 1, column: last?.column ?? 1,
        message: `${this.dropped} more finding(s) not shown (maxFindings ${this.max})`, severity: 'info' });
    }
    return out;
  }
}
