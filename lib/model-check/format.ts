/**
 * Human output of `model check`: a counterexample as an event timeline (the property's own
 * `explain`, else each argument; fc.commands one command per line in their spec-vocabulary
 * toString), and the per-property report lines.
 */
import fc from 'fast-check';
import type { ModelProperty, PropertyResult } from './types.js';

export function formatCounterexample(p: ModelProperty, args: readonly unknown[]): string {
  if (p.explain) {
    try {
      return p.explain(args);
    } catch (e) {
      return `(explain failed: ${e instanceof Error ? e.message : String(e)})\n${fallback(args)}`;
    }
  }
  return fallback(args);
}

function fallback(args: readonly unknown[]): string {
  return args.map((a, i) => `arg ${i}: ${describeArg(a)}`).join('\n');
}

/** Commands (objects with their own toString) one per line; anything else via fc.stringify. */
export function describeArg(a: unknown): string {
  if (a !== null && typeof a === 'object' && Symbol.iterator in a && !Array.isArray(a)) {
    const items = [...(a as Iterable<unknown>)];
    if (items.every(hasOwnToString)) return items.length === 0 ? '(no commands)' : `\n${items.map((c, i) => `  ${String(i + 1).padStart(3)}. ${String(c)}`).join('\n')}`;
  }
  return fc.stringify(a);
}

function hasOwnToString(x: unknown): boolean {
  return x !== null && typeof x === 'object' && (x as { toString: unknown }).toString !== Object.prototype.toString;
}

const indent = (text: string, pad: string) => text.split('\n').map((l) => `${pad}${l}`).join('\n');

export function formatResult(r: PropertyResult): string {
  const runs = r.numRuns !== undefined ? ` (${r.numRuns} runs, seed ${r.seed})` : '';
  const head = `${r.ok ? 'ok  ' : 'FAIL'} ${r.id} [${r.requirements.join(', ')}]${runs} ${r.ms} ms\n     ${r.title}\n`;
  if (r.ok) return head;
  const out: string[] = [head];
  for (const f of r.failures) out.push(`${indent(f, '     ! ')}\n`);
  if (r.counterexample) {
    const c = r.counterexample;
    out.push(`     counterexample (seed ${r.seed}, path ${c.path}, shrunk ${c.shrinks} times):\n`);
    out.push(`${indent(c.timeline, '       ')}\n`);
    out.push(`     error:\n${indent(c.error, '       ')}\n`);
  }
  out.push(`     replay: ${r.replay}\n`);
  return out.join('');
}
