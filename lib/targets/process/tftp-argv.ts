/**
 * Command lines of the two TFTP servers. Pure: ConfigInput -> argv. Both drop privileges to nobody, so
 * served files must be world-readable (TargetContent.dir); both bind only the server address.
 */
import { LAB_PORTS, type ConfigInput } from './provisioning-options.js';

/** tftp-hpa: --secure chroots into the folder, so rules' paths are relative to it (RFC 1350 has no root). */
export function tftpdHpaArgv(input: ConfigInput): string[] {
  return ['in.tftpd', '--foreground', '--address', `${input.options.serverIp}:${LAB_PORTS.tftp}`, '--secure', '--user', 'nobody', '--verbose', input.contentDir];
}

/** atftpd 0.8: --daemon --no-fork keeps it in the foreground; its log goes to stdout (our log file). */
export function atftpdArgv(input: ConfigInput, binary = 'atftpd'): string[] {
  return [
    binary, '--daemon', '--no-fork',
    '--bind-address', input.options.serverIp, '--port', String(LAB_PORTS.tftp),
    '--user', 'nobody.nogroup', '--logfile', '-', '--verbose=5', '--no-multicast',
    input.contentDir,
  ];
}
