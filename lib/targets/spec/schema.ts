/**
 * Validation of a parsed target file against schemas/target.schema.json (ajv, draft-07), with the
 * errors turned into one readable line each: `target.yaml: phones[1].mac: must be 12 hex digits`.
 * The schema says `additionalProperties: false` (unknown keys are not part of the format), but the
 * loader is lenient: such errors become warnings and the keys are dropped (docs/targets.md).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import targetSchema from '../../../schemas/target.schema.json' with { type: 'json' };
import { childPath } from './placeholders.js';

export const TARGET_SCHEMA: Readonly<Record<string, unknown>> = targetSchema;

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
    // Our own keyword: the message shown when a pattern does not match (no ajv-errors dependency).
    ajv.addKeyword({ keyword: 'x-error', schemaType: 'string' });
    compiled = ajv.compile(targetSchema);
  }
  return compiled;
}

/** `/phones/1/mac` -> `phones[1].mac` */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  let path = '';
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path = /^\d+$/.test(key) ? childPath(path, Number(key)) : childPath(path, key);
  }
  return path;
}

const ARTICLE: Record<string, string> = {
  string: 'a string', number: 'a number', integer: 'an integer', boolean: 'true or false', array: 'a list', object: 'a mapping (object)',
};

function describe(e: ErrorObject): string {
  const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'pattern':
      return typeof parent['x-error'] === 'string' ? parent['x-error'] : `must match ${String(params['pattern'])}`;
    case 'type':
      return `must be ${String(params['type']).split(',').map((t) => ARTICLE[t] ?? t).join(' or ')}`;
    case 'enum':
      return `${JSON.stringify(e.data)} is not one of ${(params['allowedValues'] as unknown[]).join(', ')}`;
    case 'minLength':
    case 'minItems':
    case 'minProperties':
      return 'must not be empty';
    case 'uniqueItems':
      return `lists ${JSON.stringify((e.data as unknown[])[params['i'] as number])} twice`;
    case 'minimum':
    case 'maximum':
      return `must be ${String(params['comparison'])} ${String(params['limit'])}, got ${String(e.data)}`;
    case 'propertyNames':
      return `key '${String(params['propertyName'])}' must be a MAC (12 hex digits)`;
    default:
      return e.message ?? e.keyword;
  }
}

export interface SchemaCheck {
  errors: string[];
  /** Unknown keys, as paths (`phones[0].colour`). */
  unknownKeys: string[];
}

/** Validates a document (nulls already removed); never throws. */
export function checkAgainstSchema(doc: unknown, file: string): SchemaCheck {
  const validate = validator();
  if (validate(doc)) return { errors: [], unknownKeys: [] };
  const errors: string[] = [];
  const unknownKeys: string[] = [];
  for (const e of validate.errors ?? []) {
    const path = pointerToPath(e.instancePath);
    if (e.keyword === 'additionalProperties') {
      unknownKeys.push(childPath(path, String((e.params as Record<string, unknown>)['additionalProperty'])));
      continue;
    }
    if (e.propertyName !== undefined) continue; // reported once by its 'propertyNames' error
    if (e.keyword === 'required') {
      errors.push(`${file}: ${path === '' ? '' : `${path}: `}missing required key '${String((e.params as Record<string, unknown>)['missingProperty'])}'`);
      continue;
    }
    errors.push(`${file}: ${path === '' ? '(root)' : path}: ${describe(e)}`);
  }
  return { errors: [...new Set(errors)], unknownKeys: [...new Set(unknownKeys)] };
}
