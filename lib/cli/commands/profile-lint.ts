import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseFlags, intFlag, type Command } from '../command.js';
import { ProvcertError, usageError } from '../../errors.js';
import { parseProfile, type ProfileFinding } from '../../profile/index.js';
import { isOpensslEncrypted, openProfileBody } from '../../profile/body.js';
import { DEFAULT_PROFILE_LIMITS } from '../../profile/types.js';

const usage = `usage: provcert profile lint FILE [--json] [--no-warnings] [--max-bytes N] [--max-depth N] [--max-params N]

Checks a Cisco XML open-format profile (<flat-profile> or <device><flat-profile>):
well-formedness, ua attributes, empty forms, duplicates, ASCII only, refused DTDs and
entities, and the values of known parameters. A gzip body is recognised by content and
inflated with the same size bound (ENC-001). An encrypted body must be decrypted first.

output: FILE:line:col: severity code [REQ-ID] message   (or one JSON object with --json)

options:
  --json           print { file, ok, inflated, params, findings } as JSON
  --no-warnings    print only errors (exit code is unchanged)
  --max-bytes N    size bound, also for the inflated body (default ${DEFAULT_PROFILE_LIMITS.maxBytes})
  --max-depth N    element depth bound (default ${DEFAULT_PROFILE_LIMITS.maxDepth})
  --max-params N   parameter count bound (default ${DEFAULT_PROFILE_LIMITS.maxParams})

exit codes: 0 valid (warnings allowed), 1 invalid or unreadable, 2 usage
`;

function line(file: string, f: ProfileFinding): string {
  return `${file}:${f.line}:${f.column}: ${f.severity} ${f.code} [${f.requirement}] ${f.message}\n`;
}

export const profileLintCommand: Command = {
  name: 'profile lint',
  summary: 'check a Cisco XML open-format profile (findings with requirement IDs)',
  usage,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, {
      json: { type: 'boolean' },
      'no-warnings': { type: 'boolean' },
      'max-bytes': { type: 'string' },
      'max-depth': { type: 'string' },
      'max-params': { type: 'string' },
    });
    if (positionals.length !== 1) throw usageError(positionals.length === 0 ? 'missing FILE' : `one FILE expected, got ${positionals.length}`);
    const file = positionals[0] as string;
    const maxBytes = intFlag(values['max-bytes'], 'max-bytes', 1) ?? DEFAULT_PROFILE_LIMITS.maxBytes;
    const maxDepth = intFlag(values['max-depth'], 'max-depth', 1, 10_000) ?? DEFAULT_PROFILE_LIMITS.maxDepth;
    const maxParams = intFlag(values['max-params'], 'max-params', 1) ?? DEFAULT_PROFILE_LIMITS.maxParams;

    const path = resolve(io.cwd, file);
    let raw: Uint8Array;
    try {
      // Refuse before reading: a huge file is never loaded (X-PROF-003).
      const st = await stat(path);
      if (!st.isFile()) throw new Error('not a regular file');
      if (st.size > maxBytes) throw new ProvcertError('PC_ERR_PROFILE_LIMIT', `${file} is ${st.size} bytes, over the ${maxBytes}-byte limit`, { proto: 'profile', requirementId: 'X-PROF-003' });
      raw = new Uint8Array(await readFile(path));
    } catch (e) {
      if (e instanceof ProvcertError) throw e;
      const reason = (e as { code?: string }).code ?? (e instanceof Error ? e.message : String(e));
      throw new ProvcertError('PC_ERR_IO', `cannot read ${file} (${reason})`, { cause: e });
    }
    if (isOpensslEncrypted(raw)) {
      io.stderr(`${file}:1:1: error encrypted-body [ENC-002] the body is encrypted (openssl enc 'Salted__' header): decrypt it first with provcert profile decrypt\n`);
      return 1;
    }
    const body = openProfileBody(raw, maxBytes);
    const result = parseProfile(body.bytes, { maxBytes, maxDepth, maxParams });
    const shown = values['no-warnings'] ? result.findings.filter((f) => f.severity === 'error') : result.findings;
    if (values.json) {
      io.stdout(`${JSON.stringify({ file, ok: result.ok, inflated: body.inflated, params: result.profile?.params.length ?? 0, findings: shown }, null, 2)}\n`);
    } else {
      for (const f of shown) io.stdout(line(file, f));
      const errors = result.findings.filter((f) => f.severity === 'error').length;
      const warnings = result.findings.filter((f) => f.severity === 'warning').length;
      io.stderr(`${file}: ${result.ok ? 'valid' : 'invalid'} (${result.profile?.params.length ?? 0} parameters, ${errors} errors, ${warnings} warnings${body.inflated ? ', gzip inflated' : ''})\n`);
    }
    return result.ok ? 0 : 1;
  },
};
