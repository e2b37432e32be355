import { parseFlags, type Command } from '../command.js';
import { usageError } from '../../errors.js';
import { discoverTests } from '../../runner/discover.js';
import { listFlag, selectTests } from '../../runner/select.js';
import type { TestCase } from '../../runner/types.js';

const usage = `usage: provcert list [--suite S] [--requirement ID] [--json]

Lists the packet-level conformance tests: ID, level, requirements, what the target must serve,
why, and the procedure (setup -> stimulus -> pass criteria).

options:
  --suite a,b        only these suites
  --requirement ID   only tests judging these requirements (comma-separated)
  --json             one JSON array of tests

exit codes: 0 ok, 2 usage (unknown suite or requirement)
`;

export function testJson(t: TestCase) {
  return {
    id: t.id, suite: t.suite, title: t.title, requirements: [...t.requirements], level: t.level,
    needs: [...(t.needs ?? [])], conditional: t.applies !== undefined, exclusive: t.exclusive === true,
    why: t.why, procedure: { ...t.procedure }, file: t.file,
  };
}

export const listCommand: Command = {
  name: 'list',
  summary: 'list the conformance tests (ID, requirements, level, applicability, why, procedure)',
  usage,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, {
      suite: { type: 'string' }, requirement: { type: 'string' }, json: { type: 'boolean' },
    });
    if (positionals.length > 0) throw usageError(`unexpected argument '${positionals[0]}'`);
    const suites = listFlag(values.suite, 'suite');
    const requirements = listFlag(values.requirement, 'requirement');
    const tests = selectTests(await discoverTests(io.env['PROVCERT_SUITES_DIR'] || undefined), { ...(suites ? { suites } : {}), ...(requirements ? { requirements } : {}) });
    if (values.json) {
      io.stdout(`${JSON.stringify(tests.map(testJson), null, 2)}\n`);
      return 0;
    }
    let suite = '';
    for (const t of tests) {
      if (t.suite !== suite) {
        suite = t.suite;
        io.stdout(`\n${suite}\n`);
      }
      const needs = t.needs?.length ? ` needs ${t.needs.join('+')}` : '';
      io.stdout(`  ${t.id}  [${t.level}] ${t.requirements.join(', ')}${needs}\n    ${t.title}. ${t.why}\n`);
      io.stdout(`    setup: ${t.procedure.setup}\n    stimulus: ${t.procedure.stimulus}\n    pass: ${t.procedure.criteria}\n`);
    }
    io.stdout(`\n${tests.length} tests\n`);
    return 0;
  },
};
