/**
 * Typed RPC -> canonical XML text (prefixes soap-env, soap-enc, xsd, xsi, cwmp), driven by
 * RPC_FIELDS. Text that XML 1.0 cannot carry is an ENCODE_INVALID error.
 */
import { ProvcertError } from '../../errors.js';
import { ARRAY_ITEMS, type FieldKind, RPC_FIELDS } from './rpc-schema.js';
import type { CwmpBody, CwmpRpc, SoapFault, UnknownMethod } from './types.js';
import { PROTO } from './xml-tree.js';

function bad(message: string): ProvcertError {
  return new ProvcertError('PC_ERR_ENCODE_INVALID', message, { proto: PROTO });
}

// XML 1.0 section 2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Escapes character data; CR becomes &#13; so that XML end-of-line handling keeps it. */
export function escapeText(s: string): string {
  if (NOT_XML_CHAR.test(s)) throw bad('text contains a character XML 1.0 cannot carry');
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

function leaf(name: string, text: string): string {
  return text === '' ? `<${name}></${name}>` : `<${name}>${escapeText(text)}</${name}>`;
}

function array(name: string, kind: FieldKind, items: readonly string[]): string {
  const it = ARRAY_ITEMS[kind]!;
  return `<${name} soap-enc:arrayType="${it.type}[${items.length}]">${items.join('')}</${name}>`;
}

function int(n: number, what: string): string {
  if (!Number.isSafeInteger(n)) throw bad(`${what} must be an integer, got ${n}`);
  return String(n);
}

function field(name: string, kind: FieldKind, v: unknown): string {
  switch (kind) {
    case 'string':
      return leaf(name, String(v));
    case 'int':
      return leaf(name, int(v as number, name));
    case 'bool':
      return leaf(name, v ? '1' : '0');
    case 'deviceId': {
      const d = v as { manufacturer: string; oui: string; productClass: string; serialNumber: string };
      return `<${name}>${leaf('Manufacturer', d.manufacturer)}${leaf('OUI', d.oui)}${leaf('ProductClass', d.productClass)}${leaf('SerialNumber', d.serialNumber)}</${name}>`;
    }
    case 'fault': {
      const f = v as { faultCode: number; faultString: string };
      return `<${name}>${leaf('FaultCode', int(f.faultCode, 'FaultCode'))}${leaf('FaultString', f.faultString)}</${name}>`;
    }
    default:
      break;
  }
  const el = ARRAY_ITEMS[kind]!.element;
  const items = (v as readonly Record<string, unknown>[] | readonly string[]).map((x) => item(el, kind, x));
  return array(name, kind, items);
}

function item(el: string, kind: FieldKind, x: unknown): string {
  const r = x as Record<string, unknown>;
  const s = (k: string) => String(r[k]);
  switch (kind) {
    case 'strings':
      return leaf(el, String(x));
    case 'pvs': {
      const type = r['type'] === undefined ? '' : ` xsi:type="${escapeAttr(s('type'))}"`;
      return `<${el}>${leaf('Name', s('name'))}<Value${type}>${escapeText(s('value'))}</Value></${el}>`;
    }
    case 'events':
      return `<${el}>${leaf('EventCode', s('eventCode'))}${leaf('CommandKey', s('commandKey'))}</${el}>`;
    case 'infos':
      return `<${el}>${leaf('Name', s('name'))}${field('Writable', 'bool', r['writable'])}</${el}>`;
    case 'attrs':
      return `<${el}>${leaf('Name', s('name'))}${field('Notification', 'int', r['notification'])}${field('AccessList', 'strings', r['accessList'])}</${el}>`;
    case 'setAttrs':
      return `<${el}>${leaf('Name', s('name'))}${field('NotificationChange', 'bool', r['notificationChange'])}${field('Notification', 'int', r['notification'])}${field('AccessListChange', 'bool', r['accessListChange'])}${field('AccessList', 'strings', r['accessList'])}</${el}>`;
    case 'args':
      return `<${el}>${leaf('Name', s('name'))}${leaf('Value', s('value'))}</${el}>`;
    default:
      throw bad(`unexpected array kind ${kind}`);
  }
}

function rpc(v: CwmpRpc): string {
  const specs = RPC_FIELDS[v.method];
  if (!specs) throw bad(`unknown method ${String(v.method)}`);
  const r = v as unknown as Record<string, unknown>;
  const inner = specs.map(([xml, key, kind]) => field(xml, kind, r[key])).join('');
  return `<cwmp:${v.method}>${inner}</cwmp:${v.method}>`;
}

function fault(v: SoapFault): string {
  let detail = '';
  if (v.detail) {
    const spvf = v.detail.setParameterValuesFaults
      .map((f) => `<SetParameterValuesFault>${leaf('ParameterName', f.parameterName)}${leaf('FaultCode', int(f.faultCode, 'FaultCode'))}${leaf('FaultString', f.faultString)}</SetParameterValuesFault>`)
      .join('');
    detail = `<detail><cwmp:Fault>${leaf('FaultCode', int(v.detail.faultCode, 'FaultCode'))}${leaf('FaultString', v.detail.faultString)}${spvf}</cwmp:Fault></detail>`;
  }
  // TR-069 A.3.1.3 example: faultcode is written unqualified ("Client" / "Server").
  return `<soap-env:Fault>${leaf('faultcode', v.faultCode)}${leaf('faultstring', v.faultString)}${detail}</soap-env:Fault>`;
}

const NCNAME = /^[A-Za-z_][\w.-]*$/;

function unknown(v: UnknownMethod, cwmpNs: string): string {
  if (!NCNAME.test(v.name)) throw bad(`method name '${v.name}' is not an XML name`);
  const decls = v.namespaces
    .map((n) => {
      if (n.prefix !== '' && !NCNAME.test(n.prefix)) throw bad(`namespace prefix '${n.prefix}' is not an XML name`);
      return ` ${n.prefix === '' ? 'xmlns' : `xmlns:${n.prefix}`}="${escapeAttr(n.uri)}"`;
    })
    .join('');
  let qname: string;
  let ownDecl = '';
  if (v.namespace === cwmpNs) {
    if (v.namespaces.some((n) => n.prefix === 'cwmp')) throw bad("unknown method: prefix 'cwmp' rebound by its own namespaces");
    qname = `cwmp:${v.name}`;
  } else if (v.namespace === '') {
    if (v.namespaces.some((n) => n.prefix === '')) throw bad('unknown method without namespace but with a default namespace');
    qname = v.name;
  } else {
    const bound = v.namespaces.find((n) => n.prefix !== '' && n.uri === v.namespace);
    if (bound) qname = `${bound.prefix}:${v.name}`;
    else {
      if (v.namespaces.some((n) => n.prefix === 'm')) throw bad("unknown method: prefix 'm' is taken by its own namespaces");
      qname = `m:${v.name}`;
      ownDecl = ` xmlns:m="${escapeAttr(v.namespace)}"`;
    }
  }
  if (NOT_XML_CHAR.test(v.xml)) throw bad('unknown method XML contains a character XML 1.0 cannot carry');
  return `<${qname}${ownDecl}${decls}>${v.xml}</${qname}>`;
}

export function encodeBody(v: CwmpBody, cwmpNs: string): string {
  if (v.method === 'Fault') return fault(v);
  if (v.method === 'unknown') return unknown(v, cwmpNs);
  return rpc(v);
}
