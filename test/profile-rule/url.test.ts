/** URL defaults (PROF-023, TFTP-001, TFTP-002, HTTP-001, DHCP-005, DHCP-006, UPG-007). */
import t from 'tap';
import { parseRule, resolveUrl, macroContextFrom, type RuleUrl } from '../../lib/profile-rule/index.js';

const urlOf = (text: string, kind: 'profile' | 'upgrade' = 'profile'): RuleUrl => parseRule(text, kind).alternatives[0]!.url!;
const macros = macroContextFrom({ MA: '000e08aabbcc', PSN: '6841-3PCC', GPP_B: '8080', GPP_A: 'prov.example.com', GPP_SA: 'k' });

t.test('defaults', async (t) => {
  t.strictSame(resolveUrl(urlOf('/$PSN.xml'), { tftpServer: '192.0.2.10', macros }),
    { scheme: 'tftp', host: '192.0.2.10', port: 69, path: '/6841-3PCC.xml', text: 'tftp://192.0.2.10/6841-3PCC.xml' }, 'PROF-014 + DHCP-005 + TFTP-001/002');
  t.strictSame(resolveUrl(urlOf('192.0.2.10/profiles/x.cfg'), {}),
    { scheme: 'tftp', host: '192.0.2.10', port: 69, path: '/profiles/x.cfg', text: 'tftp://192.0.2.10/profiles/x.cfg' }, 'TFTP-001 catalogue check');
  t.match(resolveUrl(urlOf('http://h/p'), {}), { scheme: 'http', port: 80, text: 'http://h/p' }, 'HTTP-001');
  t.match(resolveUrl(urlOf('https://h/p'), {}), { scheme: 'https', port: 443, text: 'https://h/p' }, 'HTTP-001');
  t.match(resolveUrl(urlOf('http://neptune.speak.net:8080/prov/x.cfg'), {}), { port: 8080, text: 'http://neptune.speak.net:8080/prov/x.cfg' });
  t.match(resolveUrl(urlOf('tftp://h:69/p'), {}), { port: 69, text: 'tftp://h/p' }, 'default port is not printed');
  t.match(resolveUrl(urlOf('http://$A:$B/$MA.cfg'), { macros }), { host: 'prov.example.com', port: 8080, path: '/000e08aabbcc.cfg' }, 'macros in host, port and path');
  t.match(resolveUrl(urlOf('tftp://[2001:db8::1]:6969/a'), {}), { host: '2001:db8::1', port: 6969, text: 'tftp://[2001:db8::1]:6969/a' }, 'IPv6 literal');
  t.match(resolveUrl(urlOf('/a'), { tftpServer: '2001:db8::5' }), { host: '2001:db8::5', text: 'tftp://[2001:db8::5]/a' });
  t.strictSame(resolveUrl(urlOf('gds://'), {}), { scheme: 'gds', host: '', port: 0, path: '', text: 'gds://' });
  t.match(resolveUrl(urlOf('/$SA.cfg'), { tftpServer: 'h', macros }), { path: '/$SA.cfg' }, 'PROF-036: $SA literal in paths');
});

t.test('unresolvable URLs say why', async (t) => {
  t.strictSame(resolveUrl(urlOf('/x.cfg'), {}), { error: 'URL has no server and no DHCP option 66 TFTP server is known', requirementId: 'DHCP-005' });
  t.match(resolveUrl(urlOf('http://h:$C/x'), { macros }), { requirementId: 'PROF-023' }, 'port macro without a number');
  t.match(resolveUrl(urlOf('http://h:$B/x'), { macros: macroContextFrom({ GPP_B: '70000' }) }), { requirementId: 'PROF-023' });
  t.match(resolveUrl(urlOf('http://$A/x'), { macros: macroContextFrom({ GPP_A: '' }) }), { requirementId: 'PROF-023' }, 'empty host after expansion');
});

t.test('DHCP-006 / UPG-007: upgrade URLs name their server', async (t) => {
  t.throws(() => parseRule('/sip.loads', 'upgrade'), { code: 'PC_ERR_RULE_SYNTAX', requirementId: 'UPG-007' });
  t.throws(() => parseRule('tftp:///sip.loads', 'upgrade'), { code: 'PC_ERR_RULE_SYNTAX', requirementId: 'UPG-007' });
  t.match(resolveUrl(urlOf('tftp://192.0.2.1/sip88xx.11-0-0MPP-7.loads', 'upgrade'), { tftpServer: '192.0.2.99' }), { host: '192.0.2.1', port: 69 });
});
