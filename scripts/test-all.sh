#!/usr/bin/env bash
# The full test run: installs what the tests need, builds, runs every test file under test/ and
# suites/ with tap, and ends with the plain line "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh || { echo "install-deps failed"; echo "0 passed, 1 failed"; exit 1; }
npm run --silent build || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
npx --no-install tsc -p tsconfig.json --noEmit || { echo "typecheck failed"; echo "0 passed, 1 failed"; exit 1; }
npx --no-install tap --reporter=tap "$@" 2>&1 | node scripts/tap-count.mjs
rc=("${PIPESTATUS[@]}")
# tap fails on its own for reasons the counter cannot see (a file that timed out): keep both.
[ "${rc[0]}" = 0 ] && [ "${rc[1]}" = 0 ]
