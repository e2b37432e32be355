#!/usr/bin/env node
// Reads a TAP stream from tap 21 on stdin, passes it through, and prints the closing line CI reads:
// "N passed, N failed, N skipped". A "test" is a subtest directly inside a test file (t.test);
// a file without subtests counts as one test; a file that fails outside its subtests (crash,
// import error, timeout) counts as one more failure. Assertions are not tests.
import { createInterface } from 'node:readline';

let passed = 0, failed = 0, skipped = 0;
let fileTests = 0, fileFailed = 0;
let prevIndent = -1, prevWasSubtestHeader = false;

const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  process.stdout.write(line + '\n');
  const m = /^( *)(not ok|ok) \d+( - .*)?$/.exec(line);
  const indent = /^( *)/.exec(line)[1].length;
  if (m) {
    const ok = m[2] === 'ok';
    const desc = m[3] ?? '';
    if (m[1].length === 4) {
      const isSkip = /# (SKIP|TODO)\b/i.test(desc);
      const isSubtest = prevWasSubtestHeader || prevIndent >= 8 || isSkip;
      if (isSubtest) {
        fileTests++;
        if (isSkip) skipped++;
        else if (ok) passed++;
        else { failed++; fileFailed++; }
      }
    } else if (m[1].length === 0) {
      const isSkip = /# (SKIP|TODO)\b/i.test(desc);
      if (fileTests === 0) {
        if (isSkip) skipped++;
        else if (ok) passed++;
        else failed++;
      } else if (!ok && fileFailed === 0) {
        failed++;
      }
      fileTests = 0; fileFailed = 0;
    }
  }
  if (line.trim() !== '') {
    prevWasSubtestHeader = /^ {4}# Subtest: /.test(line);
    prevIndent = indent;
  }
});
rl.on('close', () => {
  process.stdout.write(`${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  process.exitCode = failed > 0 ? 1 : 0;
});
