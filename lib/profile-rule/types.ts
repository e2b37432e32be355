/**
 * Data types of parsed profile rules, upgrade rules and trigger expressions.
 * Everything is plain data (deep-equal comparable): parseRule(printRule(r)) deep-equals r.
 * Macros are kept as written; expansion happens at evaluation time (PROF-024).
 */

export type RuleKind = 'profile' | 'upgrade';

/** Comparison operators; symbol forms (= != < <= > >=) are normalised to these (PROF-021). */
export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

/**
 * An operand as written. `quoted` operands compare as strings; unquoted ones as integers or
 * version numbers (PROF-021, PROF-031). `text` is the raw text (macros not yet expanded).
 */
export interface Operand {
  readonly quoted: boolean;
  readonly text: string;
}

export type Condition =
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Operand; readonly right: Operand }
  | { readonly kind: 'and'; readonly left: Condition; readonly right: Condition }
  | { readonly kind: 'or'; readonly left: Condition; readonly right: Condition };

/** One `NAME = "value"` of an assignment list `( ... )!` (PROF-022). */
export interface Assignment {
  /** As written: `GPP_C`, `c`, `User_ID_1_`. */
  readonly name: string;
  /** The parameter set: the `a..p` shorthands map to GPP_A..GPP_P (PROF-022). */
  readonly parameter: string;
  /** The value as written between the quotes; macros expand when it is applied. */
  readonly value: string;
}

/** A `--key` / `--uid` / `--pwd` argument: raw text and whether it was double-quoted. */
export interface OptionText {
  readonly text: string;
  readonly quoted: boolean;
}

/** URL options inside `[ ]` (PROF-036..PROF-039, HTTP-005, ENC-004, ENC-007). Absent = not given. */
export interface RuleOptions {
  readonly key?: OptionText;
  /** GPP letter a..p whose macro-expanded content is the POST body (HTTP-005). */
  readonly post?: string;
  /** GPP letter a..p holding the XML alias map (PROF-037). */
  readonly alias?: string;
  /** Parsed and recorded only (PROF-038: behaviour unknown). */
  readonly uid?: OptionText;
  readonly pwd?: OptionText;
  /** Option names in the order written, so that printing reproduces the order. */
  readonly order: readonly OptionName[];
}

export type OptionName = 'key' | 'post' | 'alias' | 'uid' | 'pwd';

export type Scheme = 'tftp' | 'http' | 'https' | 'gds';

/** `[scheme://][server[:port]]/path` as written (PROF-023); macros unexpanded. */
export interface RuleUrl {
  /** Absent when the URL has no `scheme://` (TFTP-001: TFTP is then used). */
  readonly scheme?: Scheme;
  /** Host as written; IPv6 literals keep their brackets. Absent: DHCP option 66 (DHCP-005). */
  readonly host?: string;
  /** Port as written (digits or a macro). Absent: 69/80/443 (TFTP-002, HTTP-001). */
  readonly port?: string;
  /** Absolute path including any `?query`; empty only for `gds://`. */
  readonly path: string;
}

export interface Alternative {
  readonly condition?: Condition;
  readonly assignments?: readonly Assignment[];
  readonly options?: RuleOptions;
  readonly url?: RuleUrl;
}

export interface Rule {
  readonly kind: RuleKind;
  /** Empty for an empty rule (PROF-019: the rule is skipped). */
  readonly alternatives: readonly Alternative[];
}

/** A resolved request target (after macro expansion and defaults). */
export interface ResolvedUrl {
  readonly scheme: Scheme;
  readonly host: string;
  readonly port: number;
  readonly path: string;
  /** scheme://host[:port]path, port omitted when it is the scheme's default. */
  readonly text: string;
}

/** Read access to macro values, by name as written after `$`: 'MA', 'A', 'GPP_A', 'SA', 'PRVST'. */
export interface MacroContext {
  lookup(name: string): string | undefined;
}

/** A deviation that still parses: recorded, not refused (style-examples.md #7). */
export interface RuleFinding {
  readonly code: string;
  /** Index of the alternative concerned (0-based); absent for trigger expressions. */
  readonly alternative?: number;
  readonly message: string;
  readonly requirementId: string;
}
