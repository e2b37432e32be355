/**
 * Fleet worker entry: started inside the phones' network namespace (`ip netns exec NS node
 * worker-main.js`, WorkerFleet does this) so that raw DHCP frames, secondary addresses and every
 * socket live in the lab and nothing is sent from the host namespace. Driven by JSON lines on
 * stdin (worker-protocol.ts), answers and events on stdout; stderr is for diagnostics only.
 * Errors become `{ ok: false, error: { code, message } }`, never a stack.
 */
import { createInterface } from 'node:readline';
import { isProvcertError } from '../../errors.js';
import { Fleet } from './fleet.js';
import { parseRequest, type WorkerEvent, type WorkerRequest, type WorkerResponse } from './worker-protocol.js';

let fleet: Fleet | undefined;

function write(msg: WorkerResponse | WorkerEvent): void {
  process.stdout.write(`${JSON.stringify(msg)}\n`);
}

function need(): Fleet {
  if (!fleet) throw Object.assign(new Error('no fleet yet: send create first'), { code: 'PC_ERR_USAGE' });
  return fleet;
}

async function handle(r: WorkerRequest): Promise<unknown> {
  switch (r.op) {
    case 'create': {
      if (fleet) await fleet.close();
      const { streamTimeline, ...options } = r.options;
      fleet = await Fleet.open(options);
      if (streamTimeline) {
        for (const mac of fleet.macs) {
          const p = fleet.phone(mac);
          let seen = 0;
          p.onChange(() => {
            const list = p.timeline.entries;
            const total = p.timeline.dropped + list.length;
            for (const e of list.slice(Math.max(0, list.length - (total - seen)))) write({ event: 'timeline', mac, at: e.at, kind: e.kind, text: e.text });
            seen = total;
          });
        }
      }
      return { macs: fleet.macs, webPort: fleet.webPort };
    }
    case 'boot': return need().bootAll();
    case 'web-resync': return need().webResync(r.mac, r.url);
    case 'call': return need().call(r.mac, r.action).then(() => null);
    case 'snapshot': return need().snapshot(r.mac, r.timeline === true);
    case 'metrics': return need().metrics();
    case 'shutdown': {
      await fleet?.close();
      fleet = undefined;
      return null;
    }
  }
}

async function main(): Promise<void> {
  write({ event: 'ready', pid: process.pid });
  const rl = createInterface({ input: process.stdin });
  let chain = Promise.resolve();
  let stop = false;
  for await (const line of rl) {
    if (!line.trim()) continue;
    let req: WorkerRequest;
    try {
      req = parseRequest(line);
    } catch (e) {
      write({ id: -1, ok: false, error: { code: isProvcertError(e) ? e.code : 'PC_ERR_USAGE', message: e instanceof Error ? e.message : String(e) } });
      continue;
    }
    // Requests run concurrently (a boot must not block snapshots); shutdown waits for the rest.
    const run = handle(req).then(
      (result) => write({ id: req.id, ok: true, result: result ?? null }),
      (e: unknown) => write({ id: req.id, ok: false, error: { code: (e as { code?: string }).code ?? 'PC_ERR_INTERNAL', message: e instanceof Error ? e.message : String(e) } }),
    );
    if (req.op === 'shutdown') { await chain; await run; stop = true; break; }
    chain = chain.then(() => run);
  }
  if (!stop) await fleet?.close(); // stdin closed: the parent went away
  process.exit(0);
}

for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => { void (fleet?.close() ?? Promise.resolve()).finally(() => process.exit(0)); });
void main();
