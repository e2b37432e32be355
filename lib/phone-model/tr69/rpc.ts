/**
 * Answers to ACS requests inside a session (seed "RPC Methods Supported", TR69-001/003/025/027).
 * Parameters are addressed by their profile element names (the config store); the TR-181 path
 * mapping is the emulator's business. Actions with side effects on the whole phone (Reboot,
 * FactoryReset, Download) are recorded and run after the session ends.
 */
import type { CwmpBody, ParameterValue } from '../../codec/cwmp/types.js';
import type { StepCtx } from '../ctx.js';
import { DOWNLOAD_FILE_TYPES, SUPPORTED_ACS_METHODS } from './params.js';
import { setTr69 } from './slice.js';

function fault(code: number, text: string): CwmpBody {
  return { method: 'Fault', faultCode: code < 9002 || code === 9004 ? 'Server' : 'Client', faultString: 'CWMP fault', detail: { faultCode: code, faultString: text, setParameterValuesFaults: [] } };
}

/** The CPE's response body to one ACS request; `transition` is what fired. */
export function answerAcsRequest(ctx: StepCtx, req: CwmpBody): { body: CwmpBody; transition: string } {
  const config = ctx.s.config;
  switch (req.method) {
    case 'GetRPCMethods':
      return { body: { method: 'GetRPCMethodsResponse', methodList: [...SUPPORTED_ACS_METHODS] }, transition: 'tr69.rpc.get-rpc-methods' };
    case 'GetParameterValues': {
      const missing = req.parameterNames.find((n) => !(n in config) && !n.endsWith('.'));
      if (missing !== undefined) return { body: fault(9005, `Invalid parameter name ${missing}`), transition: 'tr69.rpc.fault' };
      const list: ParameterValue[] = req.parameterNames.flatMap((n) => (n.endsWith('.') || n === ''
        ? Object.keys(config).filter((k) => k.startsWith(n)).map((k) => ({ name: k, value: config[k] ?? '', type: 'xsd:string' }))
        : [{ name: n, value: config[n] ?? '', type: 'xsd:string' }]));
      return { body: { method: 'GetParameterValuesResponse', parameterList: list }, transition: 'tr69.rpc.get-parameter-values' };
    }
    case 'SetParameterValues': {
      const changes: Record<string, string> = {};
      for (const p of req.parameterList) changes[p.name] = p.value;
      // Changes made by the ACS itself are not notified back to it (TR69-027).
      ctx.setConfig(changes);
      return { body: { method: 'SetParameterValuesResponse', status: 0 }, transition: 'tr69.rpc.set-parameter-values' };
    }
    case 'GetParameterNames': {
      const names = Object.keys(config).filter((k) => k.startsWith(req.parameterPath)).sort();
      return { body: { method: 'GetParameterNamesResponse', parameterList: names.map((name) => ({ name, writable: true })) }, transition: 'tr69.rpc.get-parameter-names' };
    }
    case 'GetParameterAttributes': {
      const n = ctx.s.tr69.notification;
      return { body: { method: 'GetParameterAttributesResponse', parameterList: req.parameterNames.map((name) => ({ name, notification: n[name] ?? 0, accessList: [] })) }, transition: 'tr69.rpc.get-parameter-attributes' };
    }
    case 'SetParameterAttributes': {
      const bad = req.parameterList.find((p) => p.notificationChange && (p.notification < 0 || p.notification > 6));
      if (bad) return { body: fault(9003, `Invalid notification ${bad.notification}`), transition: 'tr69.rpc.fault' };
      const next = { ...ctx.s.tr69.notification };
      for (const p of req.parameterList) if (p.notificationChange) next[p.name] = p.notification;
      setTr69(ctx, { notification: next });
      return { body: { method: 'SetParameterAttributesResponse' }, transition: 'tr69.rpc.set-parameter-attributes' };
    }
    case 'AddObject':
      return { body: { method: 'AddObjectResponse', instanceNumber: 1, status: 0 }, transition: 'tr69.rpc.add-object' };
    case 'DeleteObject':
      return { body: { method: 'DeleteObjectResponse', status: 0 }, transition: 'tr69.rpc.delete-object' };
    case 'Download': {
      if (!(DOWNLOAD_FILE_TYPES as readonly string[]).includes(req.fileType)) return { body: fault(9003, `Unsupported file type ${req.fileType}`), transition: 'tr69.rpc.download.refused' };
      const tr = ctx.s.tr69;
      setTr69(ctx, { afterSession: { ...tr.afterSession, download: { commandKey: req.commandKey, fileType: req.fileType, url: req.url } } });
      // Status 1: not yet completed; TransferComplete reports it later (TR69-025).
      return { body: { method: 'DownloadResponse', status: 1, startTime: '0001-01-01T00:00:00Z', completeTime: '0001-01-01T00:00:00Z' }, transition: 'tr69.rpc.download' };
    }
    case 'Reboot':
      setTr69(ctx, { afterSession: { ...ctx.s.tr69.afterSession, reboot: req.commandKey } });
      return { body: { method: 'RebootResponse' }, transition: 'tr69.rpc.reboot' };
    case 'FactoryReset':
      setTr69(ctx, { afterSession: { ...ctx.s.tr69.afterSession, factoryReset: true } });
      return { body: { method: 'FactoryResetResponse' }, transition: 'tr69.rpc.factory-reset' };
    default:
      // Anything outside the seed's list, incl. Upload and ScheduleInform (X-TR69-025).
      return { body: fault(9000, `Method not supported: ${req.method === 'unknown' ? req.name : req.method}`), transition: 'tr69.rpc.not-supported' };
  }
}
