import { parseFlags, type Command } from '../command.js';
import { usageError } from '../../errors.js';
import { BUILTIN_NAMES, findDriver, listDrivers } from '../../targets/registry.js';
import type { TargetDriver } from '../../targets/types.js';

const usage = `usage: provcert targets [--json]

Lists the targets provcert can certify: built-in names (with their kind, what they serve and
whether they can run here), the file kinds, combinations and containers.

  NAME            a built-in server: builtin, dnsmasq, kea, isc-dhcp, tftpd-hpa, atftpd, nginx
  A+B             a DHCP server and a file server together, e.g. kea+nginx, isc-dhcp+tftpd-hpa
  container:NAME  the same server from the locally built image (podman)
  container:A+B   several of those servers in one container at one address, e.g. container:kea+nginx
  FILE.yaml       a target file: your own server (command), a container (image/build) or a
                  running server (urls); check one with: provcert target check FILE

options:
  --json   print { targets, kinds, forms } as JSON

exit codes: 0 ok, 2 usage
`;

interface Row {
  name: string;
  kind: string;
  serves: string[];
  available: boolean;
  reason?: string;
}

function row(name: string, driver: TargetDriver | undefined): Row {
  if (!driver) return { name, kind: name === 'builtin' ? 'builtin' : 'process', serves: [], available: false, reason: 'no driver in this build' };
  let reason: string | undefined;
  try {
    reason = driver.unavailable?.();
  } catch (e) {
    reason = e instanceof Error ? e.message : String(e);
  }
  return { name, kind: driver.kind, serves: [...driver.serves], available: reason === undefined, ...(reason !== undefined ? { reason } : {}) };
}

const KINDS = [
  { kind: 'command', key: 'command', meaning: 'your server, started by provcert in the lab (or on loopback) with PROVCERT_* variables, stopped with SIGTERM' },
  { kind: 'container', key: 'image / build', meaning: 'a server from a local image, on the lab segment' },
  { kind: 'external', key: 'urls', meaning: 'a server that is already running, reached by URL (no DHCP); never started or stopped' },
];

export const targetsCommand: Command = {
  name: 'targets',
  summary: 'list built-in targets (kind, services, availability) and how to write a target file',
  usage,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, { json: { type: 'boolean' } });
    if (positionals.length) throw usageError(`unexpected argument '${positionals[0]}'`);
    const names = new Set<string>(BUILTIN_NAMES);
    for (const d of listDrivers()) if (d.kind !== 'command' && d.kind !== 'external' && !d.name.startsWith('container')) names.add(d.name);
    // container:NAME rows too: whether podman and the image (or mmdebstrap to build it) are here.
    const containers = listDrivers().filter((d) => d.name.startsWith('container:'));
    const rows = [...[...names].map((n) => row(n, findDriver(n))), ...containers.map((d) => row(d.name, d))];
    const forms = {
      combination: 'A+B (parts may not serve the same service), e.g. kea+nginx, isc-dhcp+tftpd-hpa; container:A+B runs them in one container',
      container: `container:NAME with NAME one of ${[...names].filter((n) => n !== 'builtin').join(', ')}${containers.length > 0 ? '' : ' (no container driver in this build)'}`,
      file: 'a .yaml or .json target file (docs/targets.md); provcert target check FILE validates it',
    };
    if (values.json) {
      io.stdout(`${JSON.stringify({ targets: rows, kinds: KINDS, forms }, null, 2)}\n`);
      return 0;
    }
    const w = Math.max(...rows.map((r) => r.name.length), 4);
    const sw = Math.max(...rows.map((r) => r.serves.join(',').length), 6);
    io.stdout(`${'NAME'.padEnd(w)}  ${'KIND'.padEnd(9)}  ${'SERVES'.padEnd(sw)}  STATUS\n`);
    for (const r of rows) io.stdout(`${r.name.padEnd(w)}  ${r.kind.padEnd(9)}  ${(r.serves.join(',') || '-').padEnd(sw)}  ${r.available ? 'ok' : `unavailable: ${r.reason}`}\n`);
    io.stdout('\ntarget files (provcert target check FILE; docs/targets.md):\n');
    for (const k of KINDS) io.stdout(`  ${k.kind.padEnd(9)}  key ${k.key.padEnd(13)}  ${k.meaning}\n`);
    io.stdout(`\ncombinations: ${forms.combination}\ncontainers:   ${forms.container}\n`);
    io.stdout('\na minimal target file (YAML):\n  name: my-server\n  command: [./my-server, --port, "${PORT_HTTP}"]\n  serves: [http, tftp]\n');
    return 0;
  },
};
