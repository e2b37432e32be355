import { stringify } from 'yaml';
import { parseFlags, type Command } from '../command.js';
import { usageError } from '../../errors.js';
import { checkTargetFile } from '../../targets/spec/load.js';

const usage = `usage: provcert target check FILE [--json]

Validates a target file (JSON or YAML, schemas/target.schema.json; docs/targets.md): syntax, keys
and values, placeholders (\${SERVER_IP}, \${PORT_<SERVICE>}, \${env:NAME}), files it names. Prints
the warnings (unknown keys) and the resolved target with standard ports and the file's serverIp.

output: errors and warnings one per line on stderr as FILE: KEY: message; the resolved target as
YAML on stdout (or one JSON object { file, valid, errors, warnings, spec } with --json)

options:
  --json   print the result as JSON

exit codes: 0 valid (warnings allowed), 2 invalid file or usage
`;

export const targetCheckCommand: Command = {
  name: 'target check',
  summary: 'validate a target file and print the resolved target',
  usage,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, { json: { type: 'boolean' } });
    if (positionals.length !== 1) throw usageError(positionals.length === 0 ? 'missing FILE' : `one FILE expected, got ${positionals.length}`);
    const file = positionals[0] as string;
    // Unreadable or unparsable files throw PC_ERR_CONFIG: the dispatcher prints one line, exit 2.
    const r = checkTargetFile(file, { cwd: io.cwd, env: io.env });
    if (values.json) {
      io.stdout(`${JSON.stringify({ file, valid: r.spec !== undefined, errors: r.errors, warnings: r.warnings, spec: r.spec ?? null }, null, 2)}\n`);
    } else {
      for (const w of r.warnings) io.stderr(`warning: ${w}\n`);
      for (const e of r.errors) io.stderr(`error: ${e}\n`);
      if (r.spec) io.stdout(stringify(r.spec));
      io.stderr(`${file}: ${r.spec ? 'valid' : 'invalid'} (${r.errors.length} errors, ${r.warnings.length} warnings)\n`);
    }
    return r.spec ? 0 : 2;
  },
};
