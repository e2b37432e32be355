/**
 * Child process for the kill -9 test (writer.test.ts): adds results to a ReportWriter in a long,
 * bounded loop until it is killed. argv: <outDir>.
 */
import { ReportWriter } from '../../lib/report/writer.js';
import { sampleMeta, sampleResults } from './sample.js';

const outDir = process.argv[2];
// `npx tap test/report` runs every file in the folder: without an argument this is a no-op.
if (!outDir) process.exit(0);
const w = ReportWriter.create(outDir, sampleMeta());
const templates = sampleResults().results;
for (let i = 0; i < 100_000; i++) {
  const r = templates[i % templates.length]!;
  w.add({ ...r, id: `${r.id}-${i}` });
}
process.exit(0);
