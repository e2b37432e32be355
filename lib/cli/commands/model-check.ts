import { intFlag, parseFlags, type Command } from '../command.js';
import { usageError } from '../../errors.js';
import { defaultSuitesDir, formatResult, loadSuites, runProperty, selectProperties, type PropertyResult } from '../../model-check/index.js';

const usage = `usage: provcert model check [--suite S] [--runs N] [--seed S] [--path P] [--json]

Runs the phone-model properties of suites/<area>/<topic>.model.ts (found by discovery; the same
ones tap runs through the .model.test.ts files) and prints one verdict per property with the
requirement IDs it checks. A failing property prints its shrunk counterexample as an event
timeline, the seed and path, and one copy-paste replay command.

options:
  --suite S   an area (tr69), a suite (tr69/session), a property id (tr69.session.bootstrap-...)
              or an id prefix ending in '.'; default: all
  --runs N    fast-check runs per property (default: each property's own, else 100)
  --seed S    fast-check seed (default: each property's own fixed seed)
  --path P    fast-check replay path (needs --suite naming exactly one property)
  --json      one JSON object { seed, runs, results: [...] } on stdout

environment:
  PROVCERT_MODEL_SUITES_DIR   read suites from this folder instead (tests use it for a
                              deliberately broken model)

exit codes: 0 all properties hold, 1 a property failed, 2 usage error
`;

export const modelCheckCommand: Command = {
  name: 'model check',
  summary: 'run the phone-model properties (fast-check) with replayable counterexamples',
  usage,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, {
      suite: { type: 'string' }, runs: { type: 'string' }, seed: { type: 'string' }, path: { type: 'string' }, json: { type: 'boolean' },
    }, false);
    void positionals;
    const runs = intFlag(values.runs, 'runs', 1, 1_000_000);
    const seed = intFlag(values.seed, 'seed', -0x80000000, 0xffffffff);
    const path = values.path;
    if (path !== undefined && !/^\d+(:\d+)*$/.test(path)) throw usageError(`--path needs fast-check's path form like 3:0:1, got '${path}'`);
    const override = io.env['PROVCERT_MODEL_SUITES_DIR'];
    const suites = await loadSuites(override ?? defaultSuitesDir());
    const selected = selectProperties(suites, values.suite);
    if (selected.length === 0) throw usageError(`--suite '${values.suite ?? ''}' selects no property (suites: ${suites.map((s) => s.name).join(', ')})`);
    if (path !== undefined && (selected.length !== 1 || !selected[0]?.property.property)) {
      throw usageError('--path replays one property: give --suite with a property id');
    }
    const replayPrefix = override !== undefined ? `PROVCERT_MODEL_SUITES_DIR=${override}` : undefined;
    const results: PropertyResult[] = [];
    for (const { suite, property } of selected) {
      const r = await runProperty(property, suite, {
        ...(seed !== undefined ? { seed } : {}), ...(runs !== undefined ? { runs } : {}), ...(path !== undefined ? { path } : {}),
        ...(replayPrefix ? { replayPrefix } : {}),
      });
      results.push(r);
      if (!values.json) io.stdout(formatResult(r));
    }
    const failed = results.filter((r) => !r.ok);
    if (values.json) {
      io.stdout(`${JSON.stringify({ seed: seed ?? null, runs: runs ?? null, results }, null, 2)}\n`);
    } else {
      io.stdout(`\n${results.length} properties in ${new Set(results.map((r) => r.suite)).size} suites: ${results.length - failed.length} passed, ${failed.length} failed\n`);
    }
    return failed.length === 0 ? 0 : 1;
  },
};
