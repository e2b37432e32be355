/**
 * Entry of the builtin server as its own process (lab mode: started by the driver inside the
 * server namespace): `node main.js --config FILE`. Prints one log line per request on stdout and
 * `PROVCERT_BUILTIN_READY {ports}` once every service listens; SIGTERM/SIGINT stop it (exit 0).
 * Errors are one line on stderr (exit 2 for configuration, 1 otherwise), never a stack.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isProvcertError, ProvcertError } from '../../errors.js';
import { READY_PREFIX, type BuiltinConfig } from './config.js';
import { readContentDir } from './content.js';
import { RequestLog, serveControl } from './control.js';
import { startBuiltin } from './services.js';

async function run(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: 'string' } }, strict: true });
  if (!values.config) throw new ProvcertError('PC_ERR_USAGE', 'usage: main.js --config FILE');
  let cfg: BuiltinConfig;
  try {
    cfg = JSON.parse(readFileSync(values.config, 'utf8')) as BuiltinConfig;
  } catch (e) {
    throw new ProvcertError('PC_ERR_CONFIG', `cannot read ${values.config}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const files = cfg.contentDir ? readContentDir(cfg.contentDir) : new Map<string, Uint8Array>();
  // The control socket's log-since reads this (fuzz --serve --lab: the requests one input caused).
  const requests = new RequestLog();
  const server = await startBuiltin(cfg, files, (line) => {
    requests.append(line);
    process.stdout.write(`${line}\n`);
  });
  const control = cfg.controlSocket ? await serveControl(cfg.controlSocket, { notify: (r) => server.notifyResync(r), files, log: requests }) : undefined;
  const stop = async () => {
    control?.close();
    await server.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.stdout.write(`${READY_PREFIX}${JSON.stringify(server.ports)}\n`);
}

run().catch((e: unknown) => {
  const err = isProvcertError(e) ? e : new ProvcertError('PC_ERR_INTERNAL', e instanceof Error ? e.message : String(e));
  process.stderr.write(`provcert builtin: ${err.toLine()}\n`);
  process.exit(err.exitCode === 2 || err.code === 'PC_ERR_USAGE' ? 2 : 1);
});
