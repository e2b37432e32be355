/** Lab DNS and EDOS/activation stub in their own lab host (docs/lab.md "Lab services"). */
export { startLabServices } from './start.js';
export type { LabServices, LabServicesOptions } from './start.js';
export { SERVICES_HOST, EDOS_NAMES, labDnsNames, sameHostIn } from './config.js';
export { answerEdos } from './edos.js';
export type { EdosAnswer, EdosRequest, EdosContext } from './edos.js';
