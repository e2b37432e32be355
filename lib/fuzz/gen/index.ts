/**
 * The composed input generator: one weighted choice per layer (issue 7 part 1). Every case
 * carries the reference verdict of our own pipeline, computed when it is generated, so that
 * the accepts-invalid / rejects-valid oracles can compare any target with it.
 */
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { referenceVerdict } from '../reference.js';
import type { FuzzCase, Layer } from '../types.js';
import { applyMutations, byteMutationArb } from './bytes.js';
import { paramSpecArb, profileSpecArb, profileTextArb, writeProfile, type ParamSpec } from './profile.js';
import { anyRuleArb, brokenRuleTextArb, conditionArb } from './rule.js';
import { badValueArb } from './values.js';
import { xmlMutationArb } from './xml-mutations.js';
import { aes128gcmArb, gzipArb, opensslArb } from './wrappers.js';
import { printCondition, printRule } from '../../profile-rule/index.js';

export interface GeneratorOptions {
  readonly layers: readonly Layer[];
  /** Corpus entries to mutate (the 'corpus' layer); a snapshot taken before the run. */
  readonly corpus?: readonly Uint8Array[];
}

type Draft = { bytes: Uint8Array; mutations: string[] };

const profileBytes = profileTextArb.map((t) => Buffer.from(t, 'latin1'));

/** PROF-017 / PROF-020: profiles whose rule and trigger parameters carry valid or broken rules. */
const ruleDraftArb: fc.Arbitrary<Draft> = fc
  .tuple(
    profileSpecArb,
    fc.array(fc.record({
      name: fc.constantFrom('Profile_Rule', 'Profile_Rule_B', 'Upgrade_Rule', 'Resync_Trigger_1', 'Resync_Trigger_2'),
      broken: fc.boolean(),
      rule: anyRuleArb.map(printRule),
      cond: conditionArb().map(printCondition),
      bad: brokenRuleTextArb,
    }), { minLength: 1, maxLength: 3 }),
  )
  .map(([spec, rules]) => {
    const extra: ParamSpec[] = rules.map((r) => ({
      name: r.name, form: 'text' as const,
      value: r.broken ? r.bad : r.name.startsWith('Resync_Trigger') ? r.cond : r.rule,
    })).map((p) => (p.value.trim() === '' ? { ...p, value: '', form: 'empty-pair' as const } : { ...p, value: p.value.trim() }));
    return {
      bytes: Buffer.from(writeProfile({ ...spec, params: [...spec.params, ...extra] }), 'latin1'),
      mutations: ['profile', ...rules.map((r) => `rule:${r.broken ? 'broken' : 'valid'}:${r.name}`)],
    };
  });

/** One parameter's value replaced by one that is wrong for any type. */
const valueDraftArb: fc.Arbitrary<Draft> = fc
  .tuple(profileSpecArb, paramSpecArb, fc.nat(), badValueArb)
  .map(([spec, extraParam, n, bad]) => {
    const params = spec.params.length > 0 ? [...spec.params] : [extraParam];
    const i = n % params.length;
    params[i] = { ...(params[i] as ParamSpec), value: bad.value, form: 'text' };
    return { bytes: Buffer.from(writeProfile({ ...spec, params }), 'latin1'), mutations: ['profile', `value:${bad.kind}`] };
  });

const xmlDraftArb: fc.Arbitrary<Draft> = fc
  .tuple(profileBytes, fc.array(xmlMutationArb, { minLength: 1, maxLength: 3 }))
  .map(([b, ms]) => ({ bytes: applyMutations(b, ms), mutations: ['profile', ...ms.map((m) => m.name)] }));

/** ENC-003 order: the plaintext of an encrypted body may itself be gzip. */
const plainForWrapper = fc.tuple(profileBytes, fc.boolean()).map(([b, gz]) => (gz ? gzipSync(b) : b));

const wrapperDraftArb: fc.Arbitrary<Draft> = fc.oneof(opensslArb(plainForWrapper), aes128gcmArb(plainForWrapper))
  .map((w) => ({ bytes: w.bytes, mutations: ['profile', ...w.mutations] }));

const gzipDraftArb: fc.Arbitrary<Draft> = gzipArb(profileBytes).map((w) => ({ bytes: w.bytes, mutations: ['profile', ...w.mutations] }));

function corpusDraftArb(corpus: readonly Uint8Array[]): fc.Arbitrary<Draft> {
  return fc
    .tuple(fc.constantFrom(...corpus.map((_, i) => i)), fc.array(fc.oneof(byteMutationArb, xmlMutationArb), { maxLength: 3 }))
    .map(([i, ms]) => ({ bytes: applyMutations(corpus[i] as Uint8Array, ms), mutations: [`corpus:${i}`, ...ms.map((m) => m.name)] }));
}

const WEIGHTS: Record<Layer, number> = { profile: 2, rule: 2, value: 2, xml: 5, wrapper: 2, gzip: 1, corpus: 3 };

function layerArb(layer: Layer, corpus: readonly Uint8Array[]): fc.Arbitrary<Draft> | undefined {
  switch (layer) {
    case 'profile': return profileBytes.map((bytes) => ({ bytes, mutations: ['profile'] }));
    case 'rule': return ruleDraftArb;
    case 'value': return valueDraftArb;
    case 'xml': return xmlDraftArb;
    case 'wrapper': return wrapperDraftArb;
    case 'gzip': return gzipDraftArb;
    case 'corpus': return corpus.length > 0 ? corpusDraftArb(corpus) : undefined;
  }
}

/** The input arbitrary for a fuzz session. Deterministic for a given seed, layers and corpus snapshot. */
export function fuzzCaseArb(opts: GeneratorOptions): fc.Arbitrary<FuzzCase> {
  const corpus = opts.corpus ?? [];
  const parts = opts.layers.flatMap((layer) => {
    const arb = layerArb(layer, corpus);
    return arb ? [{ weight: WEIGHTS[layer], arbitrary: arb.map((d): FuzzCase => ({ bytes: d.bytes, layer, mutations: d.mutations, reference: referenceVerdict(d.bytes) })) }] : [];
  });
  if (parts.length === 0) {
    // Only 'corpus' was asked for and the corpus is empty: plain valid profiles seed it.
    return profileBytes.map((bytes): FuzzCase => ({ bytes, layer: 'profile', mutations: ['profile'], reference: referenceVerdict(bytes) }));
  }
  return fc.oneof(...parts);
}
