/**
 * Optional routes the provisioning content may declare in `_routes.json` (never served itself):
 *   { "redirects": [{ "from": "/old.xml", "to": "/new.xml", "status": 301 }], "chunked": ["big.xml"] }
 * `to` is absolute or a path on the same server; status 301 or 302 (HTTP-007, HTTP-008).
 * `chunked` lists paths sent with Transfer-Encoding: chunked to HTTP/1.1 clients (HTTP-003).
 */
import { ProvcertError } from '../../errors.js';

export interface Redirect {
  readonly from: string;
  readonly to: string;
  readonly status: 301 | 302;
}

export interface Routes {
  readonly redirects: ReadonlyMap<string, Redirect>;
  readonly chunked: ReadonlySet<string>;
}

const norm = (p: string) => `/${p.replace(/^\/+/, '')}`;

export function parseRoutes(bytes: Uint8Array | undefined): Routes {
  const empty: Routes = { redirects: new Map(), chunked: new Set() };
  if (!bytes) return empty;
  let raw: unknown;
  try { raw = JSON.parse(new TextDecoder().decode(bytes)); } catch (e) {
    throw new ProvcertError('PC_ERR_CONFIG', `_routes.json is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const r = raw as { redirects?: unknown; chunked?: unknown };
  const redirects = new Map<string, Redirect>();
  if (r.redirects !== undefined) {
    if (!Array.isArray(r.redirects)) throw new ProvcertError('PC_ERR_CONFIG', '_routes.json: redirects must be an array');
    for (const x of r.redirects as { from?: unknown; to?: unknown; status?: unknown }[]) {
      if (typeof x.from !== 'string' || typeof x.to !== 'string' || (x.status !== 301 && x.status !== 302)) {
        throw new ProvcertError('PC_ERR_CONFIG', '_routes.json: each redirect needs from, to (strings) and status 301 or 302');
      }
      redirects.set(norm(x.from), { from: norm(x.from), to: x.to, status: x.status });
    }
  }
  const chunked = new Set<string>();
  if (r.chunked !== undefined) {
    if (!Array.isArray(r.chunked) || !r.chunked.every((c) => typeof c === 'string')) throw new ProvcertError('PC_ERR_CONFIG', '_routes.json: chunked must be an array of paths');
    for (const c of r.chunked as string[]) chunked.add(norm(c));
  }
  return { redirects, chunked };
}
