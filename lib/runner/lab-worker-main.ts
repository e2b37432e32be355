// Entry of the lab worker process (lab-run.ts starts it with `ip netns exec`): the CLI, in-process.
import { main } from '../cli/main.js';

// Exit explicitly: the parent keeps our stdin open (its messages arrive there), so the readline on it
// would keep this process, and with it the whole run, alive after the report is written. Pipes are
// written synchronously on Linux, so nothing the run printed is lost.
process.exit(await main(process.argv.slice(2)));
