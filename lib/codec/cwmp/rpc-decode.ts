/**
 * Element tree -> typed RPC, driven by RPC_FIELDS. Missing arguments take their empty value
 * with a finding (real CPEs and ACSs omit some, e.g. ParameterKey); values that cannot be
 * typed (a non-numeric FileSize) are DecodeError INVALID at the element.
 */
import { DecodeError } from '../../errors.js';
import type { CodecFinding } from '../types.js';
import { eventCodeKind, SOAP_ENC_NS, SOAP_ENV_NS, XSD_NS, XSI_NS } from './codes.js';
import { ARRAY_ITEMS, type FieldKind, isTypedMethod, RPC_FIELDS } from './rpc-schema.js';
import type { CwmpBody, ParameterValue, SoapFault, UnknownMethod } from './types.js';
import { PROTO, resolveQName, type XmlDoc, type XmlElement } from './xml-tree.js';

export class RpcReader {
  readonly findings: CodecFinding[] = [];
  constructor(readonly doc: XmlDoc) {}

  off(el: XmlElement): number {
    return this.doc.byteOffset(el.start);
  }
  finding(code: string, path: string, el: XmlElement, message: string, requirementId?: string): void {
    this.findings.push({ code, path, offset: this.off(el), message, ...(requirementId ? { requirementId } : {}) });
  }
  invalid(el: XmlElement, message: string): never {
    throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, this.off(el), message);
  }

  child(el: XmlElement, local: string): XmlElement | undefined {
    return el.children.find((c) => c.local === local);
  }

  int(el: XmlElement, path: string): number {
    const t = el.text.trim();
    // xsd:int / xsd:unsignedInt lexical space: optional sign, digits (leading zeros allowed).
    if (!/^[+-]?\d{1,15}$/.test(t)) this.invalid(el, `${path}: '${t.slice(0, 20)}' is not an integer`);
    return Number(t);
  }
  bool(el: XmlElement, path: string): boolean {
    const t = el.text.trim();
    if (t === '1' || t === 'true') return true;
    if (t === '0' || t === 'false') return false;
    return this.invalid(el, `${path}: '${t.slice(0, 20)}' is not an xsd:boolean`);
  }

  /** Items of a SOAP-ENC array; a declared arrayType count that differs is a finding. */
  items(el: XmlElement, path: string, kind: FieldKind): XmlElement[] {
    const items = el.children;
    const at = el.attrs.find((a) => a.local === 'arrayType' && a.uri === SOAP_ENC_NS);
    const m = at ? /\[(\d+)\]$/.exec(at.value) : null;
    if (m && Number(m[1]) !== items.length) {
      this.finding('cwmp-array-size-mismatch', path, el, `arrayType declares ${Number(m[1])} items, ${items.length} present`, 'X-TR69-003');
    }
    const want = ARRAY_ITEMS[kind]?.element;
    for (const it of items) if (want && it.local !== want) this.finding('cwmp-unexpected-array-item', path, it, `<${it.local}> in a ${want} array`);
    return items;
  }

  pvs(el: XmlElement, path: string): ParameterValue {
    const name = this.child(el, 'Name');
    const value = this.child(el, 'Value');
    if (!name || !value) this.finding('cwmp-missing-element', path, el, 'ParameterValueStruct without Name or Value');
    let type: string | undefined;
    if (value) {
      const xsiType = value.attrs.find((a) => a.local === 'type' && a.uri === XSI_NS);
      const otherType = value.attrs.find((a) => a.local === 'type' && a.uri !== XSI_NS);
      const t = xsiType ?? otherType;
      if (otherType && !xsiType) this.finding('cwmp-type-attribute-namespace', `${path}.Value`, value, `type attribute '${otherType.qname}' is not in the xsi namespace`);
      if (t) {
        const q = resolveQName(value, t.value);
        type = q.uri === XSD_NS ? `xsd:${q.local}` : t.value;
      }
    }
    return { name: name?.text ?? '', value: value?.text ?? '', ...(type !== undefined ? { type } : {}) };
  }

  field(el: XmlElement | undefined, kind: FieldKind, path: string): unknown {
    switch (kind) {
      case 'string':
        return el?.text ?? '';
      case 'int':
        return el ? this.int(el, path) : 0;
      case 'bool':
        return el ? this.bool(el, path) : false;
      case 'deviceId': {
        const s = (n: string) => (el && this.child(el, n)?.text) ?? '';
        return { manufacturer: s('Manufacturer'), oui: s('OUI'), productClass: s('ProductClass'), serialNumber: s('SerialNumber') };
      }
      case 'fault': {
        const code = el && this.child(el, 'FaultCode');
        return { faultCode: code ? this.int(code, `${path}.FaultCode`) : 0, faultString: (el && this.child(el, 'FaultString')?.text) ?? '' };
      }
      default:
        break;
    }
    if (!el) return [];
    return this.items(el, path, kind).map((it, i) => this.item(it, kind, `${path}[${i}]`));
  }

  item(it: XmlElement, kind: FieldKind, path: string): unknown {
    const text = (n: string) => this.child(it, n)?.text ?? '';
    const sub = (n: string, k: FieldKind) => this.field(this.child(it, n), k, `${path}.${n}`);
    switch (kind) {
      case 'strings':
        return it.text;
      case 'pvs':
        return this.pvs(it, path);
      case 'events': {
        const ev = { eventCode: text('EventCode'), commandKey: text('CommandKey') };
        if (eventCodeKind(ev.eventCode.trim()) === 'unknown') this.finding('cwmp-unknown-event-code', path, it, `EventCode '${ev.eventCode}' is neither standard nor vendor-formatted`);
        return ev;
      }
      case 'infos':
        return { name: text('Name'), writable: sub('Writable', 'bool') };
      case 'attrs':
        return { name: text('Name'), notification: sub('Notification', 'int'), accessList: sub('AccessList', 'strings') };
      case 'setAttrs':
        return {
          name: text('Name'),
          notificationChange: sub('NotificationChange', 'bool'),
          notification: sub('Notification', 'int'),
          accessListChange: sub('AccessListChange', 'bool'),
          accessList: sub('AccessList', 'strings'),
        };
      case 'args':
        return { name: text('Name'), value: text('Value') };
      default:
        return this.invalid(it, `${path}: unexpected array kind`);
    }
  }

  rpc(el: XmlElement, cwmpNs: string): CwmpBody {
    if (!isTypedMethod(el.local) || el.uri !== cwmpNs) return this.unknown(el, cwmpNs);
    const out: Record<string, unknown> = { method: el.local };
    for (const [xml, key, kind] of RPC_FIELDS[el.local]) {
      const c = this.child(el, xml);
      if (!c) this.finding('cwmp-missing-element', `${el.local}.${xml}`, el, `${el.local} without ${xml}: empty value used`, 'X-TR69-003');
      out[key] = this.field(c, kind, `${el.local}.${xml}`);
    }
    const known = new Set(RPC_FIELDS[el.local].map((f) => f[0]));
    for (const c of el.children) {
      if (!known.has(c.local)) this.finding('cwmp-unknown-element', `${el.local}.${c.local}`, c, `unknown argument <${c.qname}> dropped`);
    }
    return out as unknown as CwmpBody;
  }

  unknown(el: XmlElement, cwmpNs: string): UnknownMethod {
    // Bindings the canonical envelope declares anyway are left out; the rest are redeclared
    // on the method element when encoding, so the inner XML stays well-formed.
    const canonical = new Map([['soap-env', SOAP_ENV_NS], ['soap-enc', SOAP_ENC_NS], ['xsd', XSD_NS], ['xsi', XSI_NS], ['cwmp', cwmpNs]]);
    const namespaces = [...el.scope]
      .filter(([p, u]) => u !== '' && p !== 'xml' && p !== 'xmlns' && canonical.get(p) !== u)
      .map(([prefix, uri]) => ({ prefix, uri }))
      .sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
    this.finding('cwmp-unknown-method', el.local, el, `method ${el.local} (${el.uri || 'no namespace'}) kept raw`);
    return { method: 'unknown', name: el.local, namespace: el.uri, namespaces, xml: this.doc.source.slice(el.innerStart, el.innerEnd) };
  }

  fault(el: XmlElement): SoapFault {
    const code = this.child(el, 'faultcode');
    const str = this.child(el, 'faultstring');
    if (!code) this.finding('cwmp-missing-element', 'Fault.faultcode', el, 'SOAP Fault without faultcode');
    const faultCode = code ? resolveQName(code, code.text.trim()).local : '';
    const detail = this.child(el, 'detail');
    const cf = detail && this.child(detail, 'Fault');
    if (!cf) {
      this.finding('cwmp-fault-without-detail', 'Fault.detail', el, 'SOAP Fault without cwmp:Fault detail');
      return { method: 'Fault', faultCode, faultString: str?.text ?? '' };
    }
    const fc = this.child(cf, 'FaultCode');
    if (!fc) this.finding('cwmp-missing-element', 'Fault.detail.FaultCode', cf, 'cwmp:Fault without FaultCode');
    const spvf = cf.children
      .filter((c) => c.local === 'SetParameterValuesFault')
      .map((c, i) => {
        const p = `Fault.detail.SetParameterValuesFault[${i}]`;
        const code = this.child(c, 'FaultCode');
        return { parameterName: this.child(c, 'ParameterName')?.text ?? '', faultCode: code ? this.int(code, `${p}.FaultCode`) : 0, faultString: this.child(c, 'FaultString')?.text ?? '' };
      });
    return {
      method: 'Fault',
      faultCode,
      faultString: str?.text ?? '',
      detail: { faultCode: fc ? this.int(fc, 'Fault.detail.FaultCode') : 0, faultString: this.child(cf, 'FaultString')?.text ?? '', setParameterValuesFaults: spvf },
    };
  }
}
