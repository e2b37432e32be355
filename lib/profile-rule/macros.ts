/**
 * Macro expansion (PROF-024..PROF-036, HTTP-021).
 *
 * Forms: `$$` -> `$` (PROF-026); `$(NAME)`, `$(NAME:p)`, `$(NAME:p:q)` (PROF-025, PROF-027);
 * bare `$NAME`, where NAME is the LONGEST documented macro name that prefixes the text after `$`
 * (X-PROF-021): `$MAU` is MAU, `$MAUX` is MAU + "X", `$STRANGE` matches no name and stays literal.
 * One left-to-right pass: expanded values are never rescanned (PROF-026).
 * Unknown names, and known names the context has no value for, are left untouched (PROF-025).
 * $SA..$SD (GPP_SA..GPP_SD) expand only in a `--key` argument (PROF-036, ENC-007).
 */
import type { MacroContext } from './types.js';

export type MacroScope = 'anywhere' | 'key-only';

export interface MacroDef {
  readonly name: string;
  readonly meaning: string;
  readonly requirementId: string;
  readonly scope: MacroScope;
  /** Rows of one family (A..P, UID1..UID16) share a family label for the docs table. */
  readonly family?: string;
}

const GPP_LETTERS = 'ABCDEFGHIJKLMNOP'.split('');
const KEY_LETTERS = ['A', 'B', 'C', 'D'];
/** Line count of the largest MPP desk phone model we cover; UIDn beyond it are unknown names. */
export const MAX_LINES = 16;

const any = (name: string, meaning: string, requirementId: string): MacroDef => ({ name, meaning, requirementId, scope: 'anywhere' });

export const MACROS: readonly MacroDef[] = [
  any('MA', 'MAC address, lower-case hex digits (000e08aabbcc)', 'PROF-028'),
  any('MAU', 'MAC address, upper-case hex digits (000E08AABBCC)', 'PROF-028'),
  any('MAC', 'MAC address, lower-case hex with colons (00:0e:08:aa:bb:cc)', 'PROF-028'),
  any('PN', 'Product name (CP-6841-3PCC)', 'PROF-029'),
  any('PSN', 'Product series number (6841-3PCC)', 'PROF-029'),
  any('SN', 'Serial number string (88012BA01234)', 'PROF-029'),
  any('CCERT', 'SSL client certificate status: Installed or Not Installed', 'HTTP-021'),
  any('IP', "Phone's IP address in its local subnet", 'PROF-030'),
  any('EXTIP', 'External IP of the phone as seen on the Internet', 'PROF-030'),
  any('SWVER', 'Software version string; unquoted it compares as a version, quoted as a string (PROF-031)', 'PROF-030'),
  any('HWVER', 'Hardware version string (1.88.1)', 'PROF-030'),
  any('PRVST', 'Provisioning state: -1 explicit resync, 0 power-up, 1 periodic, 2 retry after failure', 'PROF-032'),
  any('UPGST', 'Upgrade state: 1 first attempt, 2 retry after failure', 'PROF-033'),
  any('UPGERR', 'Result message (ERR) of the previous upgrade attempt (http_get failed)', 'PROF-033'),
  any('PRVTMR', 'Seconds since the last resync attempt', 'PROF-034'),
  any('UPGTMR', 'Seconds since the last upgrade attempt', 'PROF-034'),
  any('REGTMR1', 'Seconds since line 1 lost registration', 'PROF-034'),
  any('REGTMR2', 'Seconds since line 2 lost registration', 'PROF-034'),
  any('UPGCOND', 'Legacy macro name (SPA: always true from firmware 2.0.6)', 'PROF-034'),
  any('SCHEME', 'File access scheme of the current resync/upgrade URL: TFTP, HTTP or HTTPS', 'PROF-035'),
  any('METH', 'Deprecated alias of SCHEME', 'PROF-035'),
  any('SERV', 'Host name of the current resync/upgrade URL', 'PROF-035'),
  any('SERVIP', 'IP address of the current request target, after DNS lookup', 'PROF-035'),
  any('PORT', 'UDP/TCP port of the current request target', 'PROF-035'),
  any('PATH', 'File path of the current request target', 'PROF-035'),
  any('ERR', 'Result message of the resync or upgrade attempt (copied to UPGERR for upgrades)', 'PROF-035'),
  any('EMS', 'Extension mobility status (6800 guide macro table)', 'PROF-035'),
  ...Array.from({ length: MAX_LINES }, (_, i): MacroDef => ({ name: `UID${i + 1}`, meaning: `Contents of the line ${i + 1} User ID parameter`, requirementId: 'PROF-035', scope: 'anywhere', family: 'UIDn' })),
  ...GPP_LETTERS.map((l): MacroDef => ({ name: l, meaning: `Contents of GPP_${l}`, requirementId: 'PROF-036', scope: 'anywhere', family: 'A..P' })),
  ...GPP_LETTERS.map((l): MacroDef => ({ name: `GPP_${l}`, meaning: `Contents of GPP_${l} (long form of $${l})`, requirementId: 'PROF-036', scope: 'anywhere', family: 'GPP_A..GPP_P' })),
  ...KEY_LETTERS.map((l): MacroDef => ({ name: `S${l}`, meaning: `Contents of GPP_S${l} (keys, passwords); expanded only as the --key argument`, requirementId: 'PROF-036', scope: 'key-only', family: 'SA..SD' })),
];

const BY_NAME: ReadonlyMap<string, MacroDef> = new Map(MACROS.map((m) => [m.name, m]));
/** Names longest first, for the longest-match rule of bare `$NAME` (X-PROF-021). */
const NAMES_LONGEST_FIRST: readonly string[] = [...BY_NAME.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));

export function isMacroName(name: string): boolean {
  return BY_NAME.has(name);
}

export function macroDef(name: string): MacroDef | undefined {
  return BY_NAME.get(name);
}

/** The documented name a bare `$NAME` at `text[pos]` (just after the `$`) refers to, if any. */
export function bareMacroAt(text: string, pos: number): string | undefined {
  for (const name of NAMES_LONGEST_FIRST) if (text.startsWith(name, pos)) return name;
  return undefined;
}

/** True when `text` refers to a key-only macro ($SA..$SD) that would stay literal outside --key. */
export function mentionsKeyOnlyMacro(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '$') continue;
    if (text[i + 1] === '$') { i++; continue; }
    const m = text[i + 1] === '(' ? PAREN_FORM.exec(text.slice(i, i + 64)) : null;
    const name = m ? m[1] : bareMacroAt(text, i + 1);
    if (name !== undefined && BY_NAME.get(name)?.scope === 'key-only') return true;
  }
  return false;
}

export interface ExpandOptions {
  /** True only when expanding a `--key` argument: $SA..$SD are expanded there (PROF-036). */
  readonly keyArgument?: boolean;
}

function valueOf(name: string, macros: MacroContext, opts: ExpandOptions): string | undefined {
  const def = BY_NAME.get(name);
  if (!def) return undefined;
  if (def.scope === 'key-only' && !opts.keyArgument) return undefined;
  return macros.lookup(name);
}

const PAREN_FORM = /^\$\(([A-Z][A-Z0-9_]*)(?::(\d+)(?::(\d+))?)?\)/;

/** Expands all macros of `text` in one pass (never recursive, always terminates). */
export function expandMacros(text: string, macros: MacroContext, opts: ExpandOptions = {}): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar < 0) { out += text.slice(i); break; }
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === '$') { out += '$'; i = dollar + 2; continue; } // PROF-026
    if (next === '(') {
      const m = PAREN_FORM.exec(text.slice(dollar, dollar + 64));
      const value = m ? valueOf(m[1] as string, macros, opts) : undefined;
      if (m && value !== undefined) {
        // PROF-027: substring from offset p, of length q (or to the end).
        const p = m[2] === undefined ? 0 : Number(m[2]);
        const q = m[3] === undefined ? undefined : Number(m[3]);
        out += q === undefined ? value.slice(p) : value.slice(p, p + q);
        i = dollar + m[0].length;
      } else {
        const end = m ? dollar + m[0].length : dollar + 1;
        out += text.slice(dollar, end); // PROF-025: left untouched
        i = end;
      }
      continue;
    }
    const name = bareMacroAt(text, dollar + 1);
    const value = name === undefined ? undefined : valueOf(name, macros, opts);
    if (name !== undefined && value !== undefined) {
      out += value;
      i = dollar + 1 + name.length;
    } else {
      out += '$';
      i = dollar + 1;
    }
  }
  return out;
}

/**
 * A context from plain values. Values may be given by short or long name: GPP_A..GPP_P answer
 * for A..P and GPP_SA..GPP_SD for SA..SD (and the other way round); METH falls back to SCHEME.
 */
export function macroContextFrom(values: Readonly<Record<string, string>>): MacroContext {
  const table = new Map<string, string>(Object.entries(values));
  const alias = (short: string, long: string) => {
    const s = table.get(short);
    const l = table.get(long);
    if (s === undefined && l !== undefined) table.set(short, l);
    if (l === undefined && s !== undefined) table.set(long, s);
  };
  for (const l of GPP_LETTERS) alias(l, `GPP_${l}`);
  for (const l of KEY_LETTERS) alias(`S${l}`, `GPP_S${l}`);
  if (!table.has('METH') && table.has('SCHEME')) table.set('METH', table.get('SCHEME') as string);
  return { lookup: (name) => table.get(name) };
}

/** The GPP parameter named by a `--post`/`--alias` letter or an `a..p` shorthand. */
export function gppParameter(letter: string): string {
  return `GPP_${letter.toUpperCase()}`;
}

/** Markdown table of MACROS (families collapsed); docs/profile-rules.md embeds it verbatim. */
export function macroTableMarkdown(): string {
  const rows: string[] = ['| macro | meaning | scope | requirement |', '|---|---|---|---|'];
  const seen = new Set<string>();
  for (const m of MACROS) {
    if (m.family !== undefined) {
      if (seen.has(m.family)) continue;
      seen.add(m.family);
      const members = MACROS.filter((x) => x.family === m.family);
      const first = members[0] as MacroDef;
      const last = members[members.length - 1] as MacroDef;
      rows.push(`| \`$${first.name}\` .. \`$${last.name}\` | ${familyMeaning(m.family)} | ${m.scope} | ${m.requirementId} |`);
      continue;
    }
    rows.push(`| \`$${m.name}\` | ${m.meaning} | ${m.scope} | ${m.requirementId} |`);
  }
  rows.push('| `$$` | a literal `$` (expansion is not recursive) | anywhere | PROF-026 |');
  return rows.join('\n') + '\n';
}

function familyMeaning(family: string): string {
  switch (family) {
    case 'A..P': return 'Contents of GPP_A..GPP_P';
    case 'GPP_A..GPP_P': return 'Contents of GPP_A..GPP_P (long form of $A..$P)';
    case 'UIDn': return `Contents of the line n User ID parameter (n = 1..${MAX_LINES})`;
    case 'SA..SD': return 'Contents of GPP_SA..GPP_SD (keys, passwords); expanded only as the --key argument';
    default: return family;
  }
}
