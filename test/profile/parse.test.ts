import t from 'tap';
import { parseProfile, profileChanges, FINDING_CODES, type ProfileFinding } from '../../lib/profile/index.js';

const at = (findings: ProfileFinding[], code: string) => findings.filter((f) => f.code === code).map((f) => `${f.line}:${f.column}`);

t.test('golden: the seed activation-code example (S_ACT) with <device> root', async (t) => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<device>
<flat-profile>
<!-- System Configuration -->
<Profile_Rule ua="na">gds://</Profile_Rule>
<!-- Firmware Upgrade -->
<Upgrade_Enable ua="na">Yes</Upgrade_Enable>
<Upgrade_Error_Retry_Delay ua="na">3600</Upgrade_Error_Retry_Delay>
<Upgrade_Rule ua="na">http://192.0.2.1/sip88xx.11-2-3MSR1-1.loads</Upgrade_Rule>
<!-- <BACKUP_ACS_Password ua="na"/> -->
</flat-profile>
</device>`;
  const r = parseProfile(xml);
  t.equal(r.ok, true);
  t.strictSame(r.findings, []);
  t.equal(r.profile?.root, 'device');
  t.strictSame(r.profile?.params.map((p) => [p.name, p.value, p.form, p.ua, p.line, p.column]), [
    ['Profile_Rule', 'gds://', 'text', 'na', 5, 1],
    ['Upgrade_Enable', 'Yes', 'text', 'na', 7, 1],
    ['Upgrade_Error_Retry_Delay', '3600', 'text', 'na', 8, 1],
    ['Upgrade_Rule', 'http://192.0.2.1/sip88xx.11-2-3MSR1-1.loads', 'text', 'na', 9, 1],
  ]);
});

t.test('golden: PG18 examples - empty forms, speed dial with ua, trimming (PROF-005/006/012)', async (t) => {
  const xml = `<flat-profile>
<Resync_On_Reset> Yes
</Resync_On_Reset>
<Profile_Rule_B />
<Speed_Dial_2_2_ ua="rw"/>
<GPP_A>
</GPP_A>
<GPP_B></GPP_B>
<Dial_Plan_1_>
(S0 &lt;:18005551212&gt;)
</Dial_Plan_1_>
<GPP_C>  a
  b	</GPP_C>
<User_Password />
</flat-profile>`;
  const r = parseProfile(xml);
  t.equal(r.ok, true, JSON.stringify(r.findings));
  const byName = new Map(r.profile?.params.map((p) => [p.name, p]));
  t.equal(byName.get('Resync_On_Reset')?.value, 'Yes');
  t.equal(byName.get('Profile_Rule_B')?.form, 'self-closing');
  t.equal(byName.get('Speed_Dial_2_2_')?.form, 'self-closing');
  t.equal(byName.get('GPP_A')?.form, 'empty-pair');
  t.equal(byName.get('GPP_B')?.form, 'empty-pair');
  t.equal(byName.get('Dial_Plan_1_')?.value, '(S0 <:18005551212>)');
  t.equal(byName.get('GPP_C')?.value, 'a   b', 'new line becomes a space, inner spaces kept, ends trimmed');
  t.strictSame(at(r.findings, 'self-closing-keeps-value'), ['5:1']);
  const changes = profileChanges(r.profile!);
  t.strictSame(changes.get('Speed_Dial_2_2_'), { value: undefined, ua: 'rw' }, 'X-PROF-001: value kept, access set');
  t.strictSame(changes.get('Profile_Rule_B'), { value: '' }, 'self-closing without ua sets empty');
  t.strictSame(changes.get('User_Password'), { value: '' });
  t.strictSame(changes.get('GPP_A'), { value: '' }, 'PROF-006');
});

t.test('duplicates: last wins, warning at the later one (PROF-008)', async (t) => {
  const r = parseProfile('<flat-profile>\n<GPP_A ua="ro">1</GPP_A>\n  <GPP_A>2</GPP_A>\n</flat-profile>');
  t.strictSame(at(r.findings, 'duplicate-parameter'), ['3:3']);
  t.match(r.findings.find((f) => f.code === 'duplicate-parameter')?.message, /line 2/);
  t.strictSame(profileChanges(r.profile!).get('GPP_A'), { value: '2' }, 'the whole last element wins, ua not merged');
  t.equal(r.ok, true);
});

t.test('ua: invalid value is an error, single quotes a warning (PROF-010)', async (t) => {
  const r = parseProfile(`<flat-profile>\n<GPP_A ua="RW">x</GPP_A>\n<GPP_B ua='rw'>y</GPP_B>\n</flat-profile>`);
  t.equal(r.ok, false);
  t.strictSame(at(r.findings, 'ua-invalid'), ['2:1']);
  t.strictSame(at(r.findings, 'ua-single-quoted'), ['3:1']);
  t.equal(r.profile?.params[1]?.ua, 'rw');
  t.equal(r.profile?.params[0]?.ua, undefined);
});

t.test('other attributes tolerated with a warning (X-PROF-004); xmlns on the root is fine', async (t) => {
  const r = parseProfile('<flat-profile xmlns="http://www.sipura.net/xsd/SPA50x-30x-SIP">\n <GPP_A group="Provisioning/General_Purpose_Parameters" />\n</flat-profile>');
  t.equal(r.ok, true);
  t.strictSame(at(r.findings, 'attribute-unknown'), ['2:2']);
  const r2 = parseProfile('<device version="1">\n<flat-profile/></device>');
  t.strictSame(at(r2.findings, 'attribute-unknown'), ['1:1']);
});

t.test('root and structure findings (PROF-001, X-PROF-005)', async (t) => {
  const bad = parseProfile('<?xml version="1.0"?>\n<config><GPP_A>1</GPP_A></config>');
  t.equal(bad.ok, false);
  t.equal(bad.profile, undefined);
  t.strictSame(at(bad.findings, 'root-not-flat-profile'), ['2:1']);
  const empty = parseProfile('<device>\n  <other/>\n</device>');
  t.strictSame(at(empty.findings, 'device-extra-child'), ['2:3']);
  t.strictSame(at(empty.findings, 'no-flat-profile'), ['1:1']);
  t.equal(empty.ok, false);
  const nested = parseProfile('<flat-profile>\n<router-configuration>\n  <Web_Management>1</Web_Management>\n</router-configuration>\n<GPP_A>x</GPP_A>\n</flat-profile>');
  t.strictSame(at(nested.findings, 'nested-element'), ['3:3']);
  t.strictSame(nested.profile?.params.map((p) => p.name), ['GPP_A'], 'a block sets nothing');
  t.equal(nested.ok, true);
  const stray = parseProfile('<flat-profile>\n  hello <GPP_A>x</GPP_A>\n</flat-profile>');
  t.strictSame(at(stray.findings, 'stray-text'), ['2:3']);
  const names = parseProfile('<flat-profile>\n<Bad.Name>1</Bad.Name>\n</flat-profile>');
  t.strictSame(at(names.findings, 'name-invalid'), ['2:1']);
});

t.test('well-formedness and case-sensitive tags (PROF-004)', async (t) => {
  for (const [xml, pos] of [
    ['<flat-profile>\n<GPP_A>1</gpp_a>\n</flat-profile>', '2:16'],
    ['<flat-profile>\n<GPP_A>1</GPP_A>', '2:16'],
    ['<flat-profile><GPP_A>a < b</GPP_A></flat-profile>', '1:25'],
    ['', '1:1'],
  ] as const) {
    const r = parseProfile(xml);
    t.equal(r.ok, false, xml);
    t.equal(r.profile, undefined);
    t.strictSame(at(r.findings, 'xml-not-well-formed'), [pos], xml);
  }
});

t.test('escapes and numeric references decode; non-ASCII is an error (PROF-013)', async (t) => {
  const ok = parseProfile('<flat-profile><GPP_A>&amp;&lt;&gt;&apos;&quot;&#65;&#x42;</GPP_A></flat-profile>');
  t.equal(ok.profile?.params[0]?.value, `&<>'"AB`);
  t.equal(ok.ok, true);
  const raw = parseProfile('<flat-profile>\n<GPP_A>caf\u00e9</GPP_A>\n<GPP_B>&#233;&#x1F600;</GPP_B>\n</flat-profile>');
  t.equal(raw.ok, false);
  t.strictSame(at(raw.findings, 'non-ascii'), ['2:11', '3:8', '3:14']);
  const inComment = parseProfile('<flat-profile><!-- &#233; --><GPP_A>x</GPP_A></flat-profile>');
  t.strictSame(at(inComment.findings, 'non-ascii'), [], 'a reference inside a comment is not a reference');
});

t.test('bytes: invalid UTF-8 with its position, BOM warning (X-PROF-006)', async (t) => {
  const bytes = new TextEncoder().encode('<flat-profile>\n<GPP_A>ab</GPP_A>\n</flat-profile>');
  const bad = new Uint8Array(bytes);
  bad[22] = 0xff; // the 'a' of the value
  const r = parseProfile(bad);
  t.equal(r.ok, false);
  const f = r.findings.find((x) => x.code === 'invalid-utf8');
  t.match(f?.message, /byte offset 22/);
  t.equal(`${f?.line}:${f?.column}`, '2:8');
  const bom = parseProfile(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]));
  t.strictSame(at(bom.findings, 'utf8-bom'), ['1:1']);
  t.equal(bom.ok, true);
  const overlong = parseProfile(new Uint8Array([...new TextEncoder().encode('<flat-profile><A>'), 0xc0, 0xaf, ...new TextEncoder().encode('</A></flat-profile>')]));
  t.ok(overlong.findings.some((x) => x.code === 'invalid-utf8'), 'overlong encodings are invalid');
});

t.test('processing instructions are ignored with an info finding (PROF-012)', async (t) => {
  const r = parseProfile('<?xml version="1.0"?>\n<flat-profile>\n<?cisco hello?><GPP_A>x</GPP_A></flat-profile>');
  t.strictSame(at(r.findings, 'processing-instruction'), ['3:1']);
  t.equal(r.ok, true);
});

t.test('security: DOCTYPE, entities, billion laughs, XXE are refused without expansion (X-PROF-002)', async (t) => {
  const laughs = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n')}\n]>\n<flat-profile><GPP_A>&lol9;</GPP_A></flat-profile>`;
  const started = performance.now();
  const r = parseProfile(laughs);
  t.ok(performance.now() - started < 500, 'no expansion work');
  t.equal(r.ok, false);
  t.strictSame(at(r.findings, 'doctype-refused'), ['2:1']);
  t.match(r.findings[0]?.message, /entity declarations/);
  const xxe = parseProfile('<!DOCTYPE flat-profile [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<flat-profile><GPP_A>&x;</GPP_A></flat-profile>');
  t.strictSame(at(xxe.findings, 'doctype-refused'), ['1:1']);
  t.match(xxe.findings[0]?.message, /external identifiers/);
  t.notMatch(JSON.stringify(xxe), /root:/, 'nothing was read');
  const plain = parseProfile('<!DOCTYPE flat-profile>\n<flat-profile/>');
  t.equal(plain.ok, false, 'even an empty DOCTYPE is refused');
  const ent = parseProfile('<flat-profile>\n<GPP_A>a&nbsp;b</GPP_A>\n</flat-profile>');
  t.strictSame(at(ent.findings, 'entity-refused'), ['2:9']);
  t.equal(ent.profile, undefined);
});

t.test('limits: size, depth, parameter count, name and value length, findings cap (X-PROF-003)', async (t) => {
  const big = `<flat-profile><GPP_A>${'x'.repeat(5000)}</GPP_A></flat-profile>`;
  t.strictSame(at(parseProfile(big, { maxBytes: 4096 }).findings, 'limit-exceeded'), ['1:1']);
  t.strictSame(at(parseProfile(new TextEncoder().encode(big), { maxBytes: 4096 }).findings, 'limit-exceeded'), ['1:1']);
  t.equal(parseProfile(big).ok, true, 'default limit is larger');
  const deep = `<flat-profile>${'<a>'.repeat(40)}${'</a>'.repeat(40)}</flat-profile>`;
  const d = parseProfile(deep);
  t.strictSame(at(d.findings, 'limit-exceeded'), ['1:60']);
  t.equal(d.profile, undefined);
  t.equal(parseProfile(deep, { maxDepth: 64 }).findings.some((f) => f.code === 'limit-exceeded'), false, 'configurable');
  const many = `<flat-profile>\n${Array.from({ length: 11 }, (_, i) => `<GPP_${String.fromCharCode(65 + i)}>1</GPP_${String.fromCharCode(65 + i)}>`).join('\n')}\n</flat-profile>`;
  t.strictSame(at(parseProfile(many, { maxParams: 10 }).findings, 'limit-exceeded'), ['12:1']);
  t.strictSame(at(parseProfile('<flat-profile>\n<GPP_A>123456</GPP_A></flat-profile>', { maxValueLength: 5 }).findings, 'limit-exceeded'), ['2:1']);
  t.strictSame(at(parseProfile('<flat-profile>\n<ABCDEFGHIJKLMN/></flat-profile>', { maxNameLength: 12 }).findings, 'limit-exceeded'), ['2:1']);
  const noisy = `<flat-profile>${'<X_y/>'.repeat(50)}</flat-profile>`;
  const capped = parseProfile(noisy, { maxFindings: 10 });
  t.equal(capped.findings.length, 11);
  t.equal(capped.findings[10]?.code, 'findings-truncated');
  t.match(capped.findings[10]?.message, /89 more/);
});

t.test('bodies the pure parser must not guess at (ENC-001, ENC-002)', async (t) => {
  t.strictSame(at(parseProfile(new Uint8Array([0x1f, 0x8b, 8, 0])).findings, 'gzip-body'), ['1:1']);
  t.strictSame(at(parseProfile(new TextEncoder().encode('Salted__12345678abc')).findings, 'encrypted-body'), ['1:1']);
});

t.test('parameter table findings: unknown names and bad values (PROF-007 and per parameter)', async (t) => {
  const r = parseProfile('<flat-profile>\n<Resync_At>1000</Resync_At>\n<Resync_Random_Delay>70000</Resync_Random_Delay>\n<Provision_Enable>yes</Provision_Enable>\n<Proxy_99_>x</Proxy_99_>\n<Speed_Dial_3_2_ ua="rw"/>\n</flat-profile>');
  t.strictSame(at(r.findings, 'unknown-parameter'), ['2:1', '5:1']);
  t.match(r.findings.find((f) => f.code === 'unknown-parameter')?.message, /Resync_At__HHmm_/);
  const values = r.findings.filter((f) => f.code === 'value-invalid');
  t.strictSame(values.map((f) => [`${f.line}:${f.column}`, f.requirement]), [['3:1', 'RESYNC-003'], ['4:1', 'RESYNC-001']]);
  t.equal(r.ok, true, 'warnings only');
});

t.test('every finding code is produced by some test in this file', async (t) => {
  // Keeps this file honest when a code is added to FINDING_CODES.
  const src = (await import('node:fs')).readFileSync(new URL(import.meta.url), 'utf8');
  for (const code of Object.keys(FINDING_CODES)) {
    if (code === 'value-invalid' || code === 'findings-truncated') continue;
    t.ok(src.includes(`'${code}'`), `${code} is tested`);
  }
});
