// Runs the CLI from sources in a child process (SIGINT test): node <tap's loader flags> cli-entry.ts ARGS
import { main } from '../../lib/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
