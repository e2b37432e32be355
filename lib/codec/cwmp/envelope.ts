/**
 * CWMP SOAP envelope (TR-069 Amendment 6 section A.2 / A.3): header elements cwmp:ID,
 * cwmp:HoldRequests, cwmp:NoMoreRequests (and the CWMP 1.4 session headers), a body with one
 * RPC or a SOAP Fault. An empty HTTP body (the empty POST that ends a session) is not an
 * envelope: the session layer handles it before calling this codec.
 */
import { DecodeError } from '../../errors.js';
import type { Decoded } from '../types.js';
import { type CwmpVersion, cwmpNamespace, SOAP_ENC_NS, SOAP_ENV_NS, versionOfNamespace, XSD_NS, XSI_NS } from './codes.js';
import { RpcReader } from './rpc-decode.js';
import { encodeBody, escapeText } from './rpc-encode.js';
import type { CwmpEnvelope, CwmpHeader } from './types.js';
import { parseXml, PROTO, type XmlElement } from './xml-tree.js';

function findVersion(root: XmlElement, header: XmlElement | undefined, first: XmlElement | undefined): { version?: CwmpVersion; prefix?: string; all: Set<CwmpVersion> } {
  const all = new Set<CwmpVersion>();
  let version: CwmpVersion | undefined;
  let prefix: string | undefined;
  const visit = (el: XmlElement | undefined) => {
    if (!el) return;
    const v = versionOfNamespace(el.uri);
    if (v) {
      all.add(v);
      if (!version) {
        version = v;
        prefix = el.prefix;
      }
    }
  };
  visit(first);
  first?.children.find((c) => c.local === 'detail')?.children.forEach(visit);
  header?.children.forEach(visit);
  if (!version) {
    // No element uses a cwmp namespace (e.g. a bare SOAP fault): take a declared one.
    for (const [p, u] of root.scope) {
      const v = versionOfNamespace(u);
      if (v) {
        version = v;
        prefix = p;
        break;
      }
    }
  }
  return { ...(version ? { version } : {}), ...(prefix !== undefined ? { prefix } : {}), all };
}

function readHeader(r: RpcReader, header: XmlElement | undefined, cwmpNs: string): CwmpHeader {
  const h: { -readonly [K in keyof CwmpHeader]: CwmpHeader[K] } = {};
  for (const el of header?.children ?? []) {
    const mu = el.attrs.find((a) => a.local === 'mustUnderstand' && a.uri === SOAP_ENV_NS)?.value.trim();
    if (el.uri !== cwmpNs) {
      r.finding('cwmp-unknown-header', `header.${el.local}`, el, `header <${el.qname}>${mu === '1' ? ' with mustUnderstand="1"' : ''} not understood, dropped`);
      continue;
    }
    switch (el.local) {
      case 'ID':
        h.id = el.text;
        // TR-069 A.2.2.1: cwmp:ID carries mustUnderstand="1".
        if (mu !== '1' && mu !== 'true') r.finding('cwmp-id-must-understand', 'header.ID', el, 'cwmp:ID without SOAP-ENV:mustUnderstand="1"', 'TR69-009');
        break;
      case 'HoldRequests':
        h.holdRequests = r.bool(el, 'header.HoldRequests');
        break;
      case 'NoMoreRequests':
        h.noMoreRequests = r.bool(el, 'header.NoMoreRequests');
        break;
      case 'SessionTimeout':
        h.sessionTimeout = r.int(el, 'header.SessionTimeout');
        break;
      case 'SupportedCWMPVersions':
        h.supportedCWMPVersions = el.text;
        break;
      case 'UseCWMPVersion':
        h.useCWMPVersion = el.text;
        break;
      default:
        r.finding('cwmp-unknown-header', `header.${el.local}`, el, `header cwmp:${el.local} not understood, dropped`);
    }
  }
  return h;
}

export function decodeEnvelope(bytes: Uint8Array, offset = 0): Decoded<CwmpEnvelope> {
  if (offset < 0 || offset > bytes.length) throw new DecodeError('PC_ERR_DECODE_INVALID', PROTO, 0, `offset ${offset} outside the input`);
  if (bytes.length - offset === 0) throw new DecodeError('PC_ERR_DECODE_TRUNCATED', PROTO, offset, 'empty body: no SOAP envelope (an empty POST is a session-layer signal)');
  const doc = parseXml(bytes, offset);
  const r = new RpcReader(doc);
  const root = doc.root;
  if (root.local !== 'Envelope' || root.uri !== SOAP_ENV_NS) r.invalid(root, `root element <${root.qname}> is not a SOAP 1.1 Envelope`);
  const header = root.children.find((c) => c.local === 'Header' && c.uri === SOAP_ENV_NS);
  const body = root.children.find((c) => c.local === 'Body' && c.uri === SOAP_ENV_NS);
  if (!body) return r.invalid(root, 'SOAP Envelope without Body');
  const first = body.children[0];
  if (!first) return r.invalid(body, 'SOAP Body holds no RPC (an empty body is a session-layer case)');
  if (body.children.length > 1) r.finding('cwmp-multiple-body-elements', 'body', body.children[1]!, `${body.children.length} elements in the SOAP Body; only the first is decoded (one RPC per envelope)`, 'X-TR69-001');

  const found = findVersion(root, header, first);
  if (!found.version) r.finding('cwmp-version-unknown', 'version', root, 'no cwmp namespace used or declared; CWMP 1.0 assumed');
  if (found.all.size > 1) r.finding('cwmp-mixed-versions', 'version', root, `elements use several cwmp namespaces: ${[...found.all].join(', ')}`);
  const version = found.version ?? '1.0';
  const cwmpNs = cwmpNamespace(version);

  const head = readHeader(r, header, cwmpNs);
  const value = first.local === 'Fault' && first.uri === SOAP_ENV_NS ? r.fault(first) : r.rpc(first, cwmpNs);
  const cwmpPrefix = found.prefix ?? 'cwmp';
  const written = root.prefix !== 'soap-env' || cwmpPrefix !== 'cwmp' ? { written: { envelopePrefix: root.prefix, cwmpPrefix } } : {};
  return { value: { version, header: head, body: value, ...written }, bytesRead: bytes.length - offset, findings: r.findings };
}

function headerXml(h: CwmpHeader): string {
  let x = '';
  if (h.id !== undefined) x += `<cwmp:ID soap-env:mustUnderstand="1">${escapeText(h.id)}</cwmp:ID>`;
  if (h.holdRequests !== undefined) x += `<cwmp:HoldRequests soap-env:mustUnderstand="1">${h.holdRequests ? '1' : '0'}</cwmp:HoldRequests>`;
  if (h.noMoreRequests !== undefined) x += `<cwmp:NoMoreRequests>${h.noMoreRequests ? '1' : '0'}</cwmp:NoMoreRequests>`;
  if (h.sessionTimeout !== undefined) x += `<cwmp:SessionTimeout soap-env:mustUnderstand="0">${h.sessionTimeout}</cwmp:SessionTimeout>`;
  if (h.supportedCWMPVersions !== undefined) x += `<cwmp:SupportedCWMPVersions soap-env:mustUnderstand="0">${escapeText(h.supportedCWMPVersions)}</cwmp:SupportedCWMPVersions>`;
  if (h.useCWMPVersion !== undefined) x += `<cwmp:UseCWMPVersion soap-env:mustUnderstand="1">${escapeText(h.useCWMPVersion)}</cwmp:UseCWMPVersion>`;
  return x === '' ? '' : `<soap-env:Header>${x}</soap-env:Header>`;
}

/** The canonical envelope text (prefixes soap-env / cwmp; namespace from `version`). */
export function envelopeXml(v: CwmpEnvelope): string {
  const ns = cwmpNamespace(v.version);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soap-env:Envelope xmlns:soap-env="${SOAP_ENV_NS}" xmlns:soap-enc="${SOAP_ENC_NS}" xmlns:xsd="${XSD_NS}" xmlns:xsi="${XSI_NS}" xmlns:cwmp="${ns}">` +
    headerXml(v.header) +
    `<soap-env:Body>${encodeBody(v.body, ns)}</soap-env:Body></soap-env:Envelope>`
  );
}

export function encodeEnvelope(v: CwmpEnvelope): Uint8Array {
  return new TextEncoder().encode(envelopeXml(v));
}

export function envelopeLength(v: CwmpEnvelope): number {
  return encodeEnvelope(v).length;
}
