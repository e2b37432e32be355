/**
 * The file store every file service reads: env.content.files (relative path -> bytes), looked up
 * case-exactly (PROF-028: $MA and $MAU name different files). Paths are normalised once here so
 * that TFTP and HTTP agree on what exists and what is a traversal attempt.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export type Lookup =
  | { readonly kind: 'file'; readonly path: string; readonly bytes: Uint8Array }
  | { readonly kind: 'missing'; readonly path: string }
  | { readonly kind: 'traversal'; readonly path: string };

/** Name of the optional routes file in the content (redirects), never served itself. */
export const ROUTES_FILE = '_routes.json';
/**
 * Folder of clear texts of encrypted files (reference-deployment.ts), never served as paths: with an
 * IKM the HTTP service encrypts the clear text per request when the phone asks (ENC-008).
 */
export const CLEAR_PREFIX = '_clear/';

export class FileStore {
  constructor(private readonly files: ReadonlyMap<string, Uint8Array>) {}

  get size(): number {
    return this.files.size;
  }

  /** `raw` is a TFTP filename or a decoded URL path; one leading '/' is optional. */
  lookup(raw: string): Lookup {
    const path = raw.replace(/^\/+/, '');
    const segments = path.split(/[/\\]/);
    // A '..' segment, a NUL or a drive/absolute form can only mean escaping the served folder.
    if (segments.some((s) => s === '..') || path.includes('\0') || /^[A-Za-z]:/.test(path)) return { kind: 'traversal', path };
    if (path === ROUTES_FILE || path.startsWith(CLEAR_PREFIX)) return { kind: 'missing', path };
    const bytes = this.files.get(path);
    return bytes ? { kind: 'file', path, bytes } : { kind: 'missing', path };
  }

  get(path: string): Uint8Array | undefined {
    return this.files.get(path);
  }

  /** The clear text kept for an encrypted file, if any (CLEAR_PREFIX). */
  clearText(path: string): Uint8Array | undefined {
    return this.files.get(`${CLEAR_PREFIX}${path}`);
  }
}

/** Reads a content folder into the map form (the lab child gets a folder, not a map). Bounded depth. */
export function readContentDir(dir: string, maxDepth = 8): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const walk = (d: string, depth: number) => {
    if (depth > maxDepth) return;
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full, depth + 1);
      else if (st.isFile()) out.set(relative(dir, full).split(sep).join('/'), new Uint8Array(readFileSync(full)));
    }
  };
  walk(dir, 0);
  return out;
}
