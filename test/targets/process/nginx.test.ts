import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
// Enter the registry -> drivers -> process/index -> nginx -> server-host -> registry cycle at the registry;
// entered at nginx.ts, drivers.ts reads nginxDriver before it is initialised (ReferenceError).
import '../../../lib/targets/registry.js';
import { canUseNetns, hasCommand } from '../../../lib/lab/sys.js';
import { nginxDriver } from '../../../lib/targets/process/nginx.js';
import { createCa, ensureLabPki, issuePhoneCertificate } from '../../../lib/targets/process/lab-pki.js';
import { LabPki } from '../../../lib/emulator/pki/index.js';
import { LAB_SERVER_NAME } from '../../../lib/targets/process/provisioning-options.js';
import { makeFixture, curl, pidsIn, PROFILE_MAC, OTHER_MAC } from './lab-fixture.js';

const can = canUseNetns();
const skip = !can.ok ? can.reason : nginxDriver.unavailable?.() ?? (!hasCommand('curl') ? 'curl not installed' : false);

t.test('nginx in the lab: HTTP, HTTPS with mTLS (200/400), per-phone profiles (403), crash detection, stop', { skip }, async (t) => {
  const f = makeFixture();
  t.teardown(() => f.cleanup());
  process.env['PROVCERT_PKI_DIR'] = join(f.dir, 'pki');
  const pki = ensureLabPki();
  const target = await nginxDriver.start(f.spec('nginx', ['http', 'https']), f.env);
  t.teardown(() => target.stop());
  const ip = target.serverIp;
  t.same(target.ports, { http: 80, https: 443 });
  t.match(target.versions['nginx'], /^\d+\.\d+\.\d+$/);

  const http = curl(f, 'cli', [`http://${ip}/CP-8841-3PCC.xml`]);
  t.equal(http.status, 200, 'plain HTTP serves the content folder');
  t.equal(http.body, new TextDecoder().decode(f.files.get('CP-8841-3PCC.xml')));
  t.equal(curl(f, 'cli', [`http://${ip}/nothing.xml`]).status, 404);

  const write = (name: string, text: string) => { const p = join(f.dir, name); writeFileSync(p, text); return p; };
  const phone = issuePhoneCertificate(pki.phoneCa, { mac: PROFILE_MAC, serial: 'FCH0001', model: 'CP-8841-3PCC' });
  const certArgs = ['--cert', write('phone.pem', phone.cert), '--key', write('phone.key', phone.key)];
  const tls = ['--cacert', pki.paths.serverCaCert, '--resolve', `${LAB_SERVER_NAME}:443:${ip}`];
  const url = (p: string) => `https://${LAB_SERVER_NAME}${p}`;

  const noCert = curl(f, 'cli', [...tls, url('/CP-8841-3PCC.xml')]);
  t.equal(noCert.status, 400, 'no client certificate: 400 (server certificate verified by name)');
  const ok = curl(f, 'cli', [...tls, ...certArgs, url('/CP-8841-3PCC.xml')]);
  t.equal(ok.status, 200, `phone certificate: 200 ${ok.stderr}`);
  const byIp = curl(f, 'cli', ['--cacert', pki.paths.serverCaCert, ...certArgs, `https://${ip}/CP-8841-3PCC.xml`]);
  t.equal(byIp.status, 200, `server certificate also verifies for the address (SAN IP) ${byIp.stderr}`);
  t.equal(curl(f, 'cli', [...tls, ...certArgs, url(`/${PROFILE_MAC}.xml`)]).status, 200, 'own profile');
  t.equal(curl(f, 'cli', [...tls, ...certArgs, url(`/${PROFILE_MAC.toUpperCase()}.xml`)]).status, 404, 'own MAC in upper case is allowed (file absent: 404, not 403)');
  t.equal(curl(f, 'cli', [...tls, ...certArgs, url(`/${OTHER_MAC}.xml`)]).status, 403, "another phone's profile: 403");

  // One lab PKI: the emulator's phone certificate (lib/emulator/pki, same folder) is accepted without phoneCa in the spec.
  const emu = new LabPki().phoneCredentials({ mac: PROFILE_MAC, serial: 'FCH0002', model: 'CP-8841-3PCC', swver: 'sip88xx.11-3-1MPP0001-123' });
  const emuArgs = ['--cert', write('emu.pem', emu.cert), '--key', write('emu.key', emu.key)];
  t.equal(curl(f, 'cli', [...tls, ...emuArgs, url(`/${PROFILE_MAC}.xml`)]).status, 200, "the emulator's phone certificate: 200");

  const rogueCa = createCa('rogue CA');
  const rogue = issuePhoneCertificate(rogueCa, { mac: PROFILE_MAC, serial: 'X', model: 'CP-8841-3PCC' });
  const r = curl(f, 'cli', [...tls, '--cert', write('rogue.pem', rogue.cert), '--key', write('rogue.key', rogue.key), url(`/${PROFILE_MAC}.xml`)]);
  t.equal(r.status, 400, 'certificate from another CA: 400');

  const pids = pidsIn(f, 'srv');
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  const msg = await Promise.race([target.exited, new Promise<string>((res) => setTimeout(() => res('timeout'), 5000))]);
  t.match(msg, /nginx exited on its own/);
  await target.stop();
  t.same(pidsIn(f, 'srv'), []);
});

t.test('nginx stop() leaves no process', { skip }, async (t) => {
  const f = makeFixture();
  t.teardown(() => f.cleanup());
  process.env['PROVCERT_PKI_DIR'] = join(f.dir, 'pki');
  const target = await nginxDriver.start(f.spec('nginx', ['http', 'https']), f.env);
  await target.stop();
  t.match(await target.exited, /stopped/);
  t.same(pidsIn(f, 'srv'), []);
});
