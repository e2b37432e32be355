/**
 * Reading a target file: JSON or YAML by extension (.json / .yaml / .yml; otherwise by content), syntax
 * errors with line and column, and `null` turned into "absent" (docs/targets.md).
 */
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import { configError } from '../../errors.js';

/** Target files are small; a bound keeps a wrong path (a disk image) from being read whole. */
export const MAX_TARGET_FILE_BYTES = 1024 * 1024;

export function readTargetText(path: string, shown: string): string {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw configError(`${shown}: not a regular file`);
    size = st.size;
  } catch (e) {
    if (e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('PC_ERR')) throw e;
    const code = (e as { code?: string }).code;
    throw configError(code === 'ENOENT' ? `${shown}: target file not found` : `${shown}: cannot read (${code ?? String(e)})`, { cause: e });
  }
  if (size > MAX_TARGET_FILE_BYTES) throw configError(`${shown}: ${size} bytes is too large for a target file (limit ${MAX_TARGET_FILE_BYTES})`);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw configError(`${shown}: cannot read (${(e as { code?: string }).code ?? String(e)})`, { cause: e });
  }
}

function lineCol(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Parses JSON or YAML; syntax errors are configuration errors with the position. */
export function parseTargetText(text: string, path: string, shown: string): unknown {
  const ext = extname(path).toLowerCase();
  const asJson = ext === '.json' || (ext !== '.yaml' && ext !== '.yml' && /^\s*\{/.test(text));
  if (asJson) {
    try {
      return JSON.parse(text);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      const pos = /position (\d+)/.exec(msg);
      if (pos) {
        const { line, column } = lineCol(text, Number(pos[1]));
        throw configError(`${shown}:${line}:${column}: JSON: ${msg.replace(/ in JSON at position \d+.*$/s, '')}`, { line, column });
      }
      // Node's message often has no position: YAML (a superset of JSON) parsing finds it.
      const where = parseDocument(text).errors[0];
      if (where) {
        const { line, column } = lineCol(text, where.pos[0]);
        throw configError(`${shown}:${line}:${column}: JSON: ${msg}`, { line, column });
      }
      throw configError(`${shown}: JSON: ${msg}`);
    }
  }
  // YAML 1.2 core schema: `no`/`on` stay strings, duplicate keys are errors.
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const { line, column } = lineCol(text, first.pos[0]);
    throw configError(`${shown}:${line}:${column}: YAML: ${first.message.split('\n')[0]}`, { line, column });
  }
  return doc.toJS({ maxAliasCount: 100 });
}

/** Removes object keys whose value is null, at every depth; nulls inside lists stay (and fail validation). */
export function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = dropNulls(v);
    return out;
  }
  return value;
}
