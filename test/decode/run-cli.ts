/** Runs the CLI in a child process (real stdout, backpressure) and reports peak RSS on stderr. */
import { main, processIO } from '../../lib/cli/main.js';

const code = await main(process.argv.slice(2), processIO());
process.stderr.write(`maxrss-kib ${process.resourceUsage().maxRSS}\n`);
process.exitCode = code;
