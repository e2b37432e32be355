/**
 * Builds the targets of a session from the command line's target options (issue 7 part 2):
 * none = our own pipeline; --cmd once = a command; --cmd twice or more = differential;
 * --module = an in-process JS function in a worker; --url = an upload endpoint;
 * --serve = the builtin server serves each input to whatever fetches it (--lab: in a netns lab).
 */
import { usageError } from '../../errors.js';
import type { FuzzTarget } from '../types.js';
import { ownParserTarget } from './own.js';

export interface TargetOptions {
  readonly cmds: readonly string[];
  readonly module?: string;
  readonly url?: string;
  readonly method?: 'PUT' | 'POST';
  readonly timeoutMs: number;
  readonly rssLimitKb: number;
  /** Exit codes at or above this are crashes (default 128: 128 + signal number, as shells report). */
  readonly crashExit: number;
  readonly cwd: string;
  /** --serve: the builtin server serves each input by a profile rule to a fetcher. */
  readonly serve?: import('./serve.js').ServeOptions & { readonly logDir?: string };
}

export async function buildTargets(o: TargetOptions): Promise<FuzzTarget[]> {
  const kinds = [o.cmds.length > 0, o.module !== undefined, o.url !== undefined, o.serve !== undefined].filter(Boolean).length;
  if (kinds > 1) throw usageError('choose one kind of target: --cmd (one or more), --module, --url or --serve');
  if (o.serve?.lab) {
    const { serveLabTarget } = await import('./serve-lab.js');
    return [await serveLabTarget(o.serve, o)];
  }
  if (o.serve !== undefined) {
    const { serveTarget } = await import('./serve.js');
    return [await serveTarget(o.serve, o)];
  }
  if (o.cmds.length > 0) {
    const { commandTarget } = await import('./command.js');
    return o.cmds.map((c) => commandTarget(c, o));
  }
  if (o.module !== undefined) {
    const { moduleTarget } = await import('./module.js');
    return [await moduleTarget(o.module, o)];
  }
  if (o.url !== undefined) {
    const { urlTarget } = await import('./url.js');
    return [urlTarget(o.url, o.method ?? 'PUT', o)];
  }
  return [ownParserTarget(o.timeoutMs)];
}
