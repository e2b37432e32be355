// Entry of the lab services process (start.ts runs it in the services namespace): `main.js CONFIG`.
import { runServicesProcess } from './process.js';

// Exit explicitly: closed sockets and the stdin reader must not keep the process alive.
process.exit(await runServicesProcess(process.argv[2] ?? ''));
