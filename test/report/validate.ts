/** ajv validators of the two report schemas, for the tests (strict mode: the schema itself is checked too). */
import { Ajv } from 'ajv';
import reportSchema from '../../schemas/report.schema.json' with { type: 'json' };
import baselineSchema from '../../schemas/baseline.schema.json' with { type: 'json' };

const ajv = new Ajv({ allErrors: true, strict: true });
export const validateReport = ajv.compile(reportSchema);
export const validateBaseline = ajv.compile(baselineSchema);

export function reportErrors(value: unknown): string {
  return validateReport(value) ? '' : JSON.stringify(validateReport.errors?.slice(0, 3));
}
