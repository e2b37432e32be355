/**
 * --module PATH[#export] target (issue 7 part 2): an in-process JS function called with the input
 * bytes, inside a worker_thread with resourceLimits. A call that does not return within the
 * timeout is a hang and a worker that runs out of heap is a memory blow-up: in both cases the
 * worker is terminated and a fresh one started for the next input.
 * Contract: return (anything but false) = accept; return false = reject; throwing TypeError,
 * RangeError (incl. stack overflow), ReferenceError, SyntaxError or EvalError = crash (an untyped
 * error); throwing anything else (Error, ProvcertError, custom errors) = reject.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { configError, ProvcertError } from '../../errors.js';
import type { FuzzTarget, Observation } from '../types.js';
import type { TargetOptions } from './index.js';

/** Built-in error classes that mean a bug rather than a rejection of the input. */
export const CRASH_ERRORS: readonly string[] = ['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError', 'EvalError'];

// Plain JS, evaluated in the worker (so the same code runs from lib/*.ts under tests and from dist/).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let fn;
const ready = import(workerData.url).then((m) => {
  fn = workerData.exportName ? m[workerData.exportName] : (m.default ?? m.parse);
  if (typeof fn !== 'function') throw new Error('export ' + (workerData.exportName || 'default') + ' is not a function');
});
parentPort.on('message', async (msg) => {
  try { await ready; } catch (e) { parentPort.postMessage({ id: msg.id, setup: String(e && e.message || e) }); return; }
  try {
    const r = await fn(new Uint8Array(msg.input));
    parentPort.postMessage({ id: msg.id, ok: true, accepted: r !== false });
  } catch (e) {
    const name = e && typeof e === 'object' && typeof e.name === 'string' ? e.name : typeof e;
    const message = e && typeof e === 'object' && 'message' in e ? String(e.message) : String(e);
    parentPort.postMessage({ id: msg.id, ok: false, name, message });
  }
});
`;

interface Reply { id: number; setup?: string; ok?: boolean; accepted?: boolean; name?: string; message?: string }

export async function moduleTarget(spec: string, o: TargetOptions): Promise<FuzzTarget> {
  const hash = spec.lastIndexOf('#');
  const file = resolve(o.cwd, hash > 0 ? spec.slice(0, hash) : spec);
  const exportName = hash > 0 ? spec.slice(hash + 1) : '';
  if (!existsSync(file)) throw configError(`--module: ${file} does not exist`);
  const heapMb = Math.max(16, Math.floor(o.rssLimitKb / 1024));
  let worker: Worker | undefined;
  let output = '';
  let seq = 0;

  const start = (): Worker => {
    const w = new Worker(WORKER_SOURCE, {
      eval: true, workerData: { url: pathToFileURL(file).href, exportName },
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.min(64, heapMb), stackSizeMb: 4 },
      stdout: true, stderr: true,
    });
    w.stdout.on('data', (d: Buffer) => { if (output.length < 65_536) output += d.toString('utf8'); });
    w.stderr.on('data', (d: Buffer) => { if (output.length < 65_536) output += d.toString('utf8'); });
    w.unref();
    return w;
  };

  const run = (input: Uint8Array): Promise<Observation> => new Promise((done, fail) => {
    const w = (worker ??= start());
    const id = ++seq;
    output = '';
    const t0 = performance.now();
    const finish = (obs: Omit<Observation, 'durationMs' | 'stdout'>, restart: boolean) => {
      clearTimeout(timer);
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
      if (restart) { worker = undefined; void w.terminate(); }
      done({ ...obs, stdout: output, durationMs: performance.now() - t0 });
    };
    const onMessage = (r: Reply) => {
      if (r.id !== id) return;
      if (r.setup !== undefined) {
        clearTimeout(timer);
        worker = undefined;
        void w.terminate();
        fail(new ProvcertError('PC_ERR_TARGET', `--module ${spec}: ${r.setup}`));
        return;
      }
      if (r.ok) finish({ outcome: r.accepted ? 'accept' : 'reject', stderr: '' }, false);
      else if (CRASH_ERRORS.includes(r.name ?? '')) finish({ outcome: 'crash', stderr: `${r.name}: ${r.message}`, errorName: r.name as string }, false);
      else finish({ outcome: 'reject', stderr: `${r.name}: ${r.message}` }, false);
    };
    const onError = (e: Error & { code?: string }) => {
      // ERR_WORKER_OUT_OF_MEMORY: the heap limit of resourceLimits was reached.
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') finish({ outcome: 'memory', stderr: e.message }, true);
      else finish({ outcome: 'crash', stderr: `${e.name}: ${e.message}`, errorName: e.name }, true);
    };
    const onExit = (code: number) => finish({ outcome: 'crash', exitCode: code, stderr: `worker exited with code ${code}` }, true);
    const timer = setTimeout(() => finish({ outcome: 'hang', stderr: '' }, true), o.timeoutMs);
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
    const copy = new Uint8Array(input);
    w.postMessage({ id, input: copy.buffer }, [copy.buffer]);
  });

  return {
    name: `module:${spec}`,
    run,
    close: async () => { if (worker) await worker.terminate(); worker = undefined; },
  };
}
