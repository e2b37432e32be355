/**
 * Provisioning syslog (LOG-001/002/003): Log_*_Msg templates, macro-expanded with the URL
 * macros of the current request and $ERR, sent when Syslog_Server is set.
 */
import { expandMacros } from '../profile-rule/index.js';
import type { StepCtx } from './ctx.js';
import { macroContext } from './macros.js';
import { param } from './params.js';
import type { FetchAttempt } from './state.js';

export function syslogTemplate(ctx: StepCtx, template: string, a: FetchAttempt | undefined, err?: string): void {
  if (param(ctx.s.config, 'Syslog_Server').trim() === '') return;
  const text = param(ctx.s.config, template);
  if (text.trim() === '') return;
  const url = a ? { scheme: a.scheme, host: a.host, port: a.port, path: a.path } : undefined;
  const message = expandMacros(text, macroContext(ctx.s, url, err));
  ctx.emit({ type: 'syslog', message, reqs: ctx.fire('log.syslog') });
}
