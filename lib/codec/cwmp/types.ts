/**
 * Typed view of CWMP SOAP envelopes (TR-069 Amendment 6, Annex A). One envelope holds one RPC
 * (request or response), a SOAP Fault, or an unknown method kept raw.
 */
import type { CwmpVersion } from './codes.js';

export interface ParameterValue {
  readonly name: string;
  readonly value: string;
  /** xsi:type as a QName with the canonical 'xsd' prefix for XML Schema types, e.g. 'xsd:string'. */
  readonly type?: string;
}
export interface EventStruct {
  readonly eventCode: string;
  readonly commandKey: string;
}
export interface DeviceId {
  readonly manufacturer: string;
  readonly oui: string;
  readonly productClass: string;
  readonly serialNumber: string;
}
export interface FaultStruct {
  readonly faultCode: number;
  readonly faultString: string;
}
export interface ParameterInfo {
  readonly name: string;
  readonly writable: boolean;
}
export interface ParameterAttribute {
  readonly name: string;
  readonly notification: number;
  readonly accessList: readonly string[];
}
export interface SetParameterAttribute {
  readonly name: string;
  readonly notificationChange: boolean;
  readonly notification: number;
  readonly accessListChange: boolean;
  readonly accessList: readonly string[];
}
export interface ArgStruct {
  readonly name: string;
  readonly value: string;
}
export interface SetParameterValuesFault {
  readonly parameterName: string;
  readonly faultCode: number;
  readonly faultString: string;
}

type R<M extends string, F = object> = { readonly method: M } & { readonly [K in keyof F]: F[K] };

export type Inform = R<'Inform', { deviceId: DeviceId; events: readonly EventStruct[]; maxEnvelopes: number; currentTime: string; retryCount: number; parameterList: readonly ParameterValue[] }>;
export type InformResponse = R<'InformResponse', { maxEnvelopes: number }>;
export type GetRPCMethods = R<'GetRPCMethods'>;
export type GetRPCMethodsResponse = R<'GetRPCMethodsResponse', { methodList: readonly string[] }>;
export type GetParameterNames = R<'GetParameterNames', { parameterPath: string; nextLevel: boolean }>;
export type GetParameterNamesResponse = R<'GetParameterNamesResponse', { parameterList: readonly ParameterInfo[] }>;
export type GetParameterValues = R<'GetParameterValues', { parameterNames: readonly string[] }>;
export type GetParameterValuesResponse = R<'GetParameterValuesResponse', { parameterList: readonly ParameterValue[] }>;
export type SetParameterValues = R<'SetParameterValues', { parameterList: readonly ParameterValue[]; parameterKey: string }>;
export type SetParameterValuesResponse = R<'SetParameterValuesResponse', { status: number }>;
export type GetParameterAttributes = R<'GetParameterAttributes', { parameterNames: readonly string[] }>;
export type GetParameterAttributesResponse = R<'GetParameterAttributesResponse', { parameterList: readonly ParameterAttribute[] }>;
export type SetParameterAttributes = R<'SetParameterAttributes', { parameterList: readonly SetParameterAttribute[] }>;
export type SetParameterAttributesResponse = R<'SetParameterAttributesResponse'>;
export type AddObject = R<'AddObject', { objectName: string; parameterKey: string }>;
export type AddObjectResponse = R<'AddObjectResponse', { instanceNumber: number; status: number }>;
export type DeleteObject = R<'DeleteObject', { objectName: string; parameterKey: string }>;
export type DeleteObjectResponse = R<'DeleteObjectResponse', { status: number }>;
export type Download = R<'Download', { commandKey: string; fileType: string; url: string; username: string; password: string; fileSize: number; targetFileName: string; delaySeconds: number; successURL: string; failureURL: string }>;
export type DownloadResponse = R<'DownloadResponse', { status: number; startTime: string; completeTime: string }>;
export type Upload = R<'Upload', { commandKey: string; fileType: string; url: string; username: string; password: string; delaySeconds: number }>;
export type UploadResponse = R<'UploadResponse', { status: number; startTime: string; completeTime: string }>;
export type Reboot = R<'Reboot', { commandKey: string }>;
export type RebootResponse = R<'RebootResponse'>;
export type FactoryReset = R<'FactoryReset'>;
export type FactoryResetResponse = R<'FactoryResetResponse'>;
export type ScheduleInform = R<'ScheduleInform', { delaySeconds: number; commandKey: string }>;
export type ScheduleInformResponse = R<'ScheduleInformResponse'>;
export type TransferComplete = R<'TransferComplete', { commandKey: string; faultStruct: FaultStruct; startTime: string; completeTime: string }>;
export type TransferCompleteResponse = R<'TransferCompleteResponse'>;
export type AutonomousTransferComplete = R<'AutonomousTransferComplete', { announceURL: string; transferURL: string; isDownload: boolean; fileType: string; fileSize: number; targetFileName: string; faultStruct: FaultStruct; startTime: string; completeTime: string }>;
export type AutonomousTransferCompleteResponse = R<'AutonomousTransferCompleteResponse'>;
export type Kicked = R<'Kicked', { command: string; referer: string; arg: string; next: string }>;
export type KickedResponse = R<'KickedResponse', { nextURL: string }>;
export type RequestDownload = R<'RequestDownload', { fileType: string; fileTypeArg: readonly ArgStruct[] }>;
export type RequestDownloadResponse = R<'RequestDownloadResponse'>;

/** SOAP Fault (SOAP 1.1 section 4.4) with the CWMP fault detail (TR-069 A.3.1 / A.5). */
export type SoapFault = R<'Fault', {
  /** faultcode local part: 'Client' or 'Server'. */
  faultCode: string;
  faultString: string;
  detail?: { faultCode: number; faultString: string; setParameterValuesFaults: readonly SetParameterValuesFault[] };
}>;

/** A method this codec does not type: element name, namespace and the inner XML as written. */
export type UnknownMethod = R<'unknown', {
  name: string;
  namespace: string;
  /** Namespace declarations in scope that the inner XML may use (canonical ones omitted). */
  namespaces: readonly { prefix: string; uri: string }[];
  xml: string;
}>;

export type CwmpRpc =
  | Inform | InformResponse | GetRPCMethods | GetRPCMethodsResponse | GetParameterNames | GetParameterNamesResponse
  | GetParameterValues | GetParameterValuesResponse | SetParameterValues | SetParameterValuesResponse
  | GetParameterAttributes | GetParameterAttributesResponse | SetParameterAttributes | SetParameterAttributesResponse
  | AddObject | AddObjectResponse | DeleteObject | DeleteObjectResponse | Download | DownloadResponse | Upload | UploadResponse
  | Reboot | RebootResponse | FactoryReset | FactoryResetResponse | ScheduleInform | ScheduleInformResponse
  | TransferComplete | TransferCompleteResponse | AutonomousTransferComplete | AutonomousTransferCompleteResponse
  | Kicked | KickedResponse | RequestDownload | RequestDownloadResponse;

export type CwmpBody = CwmpRpc | SoapFault | UnknownMethod;
export type CwmpMethodName = CwmpRpc['method'];

export interface CwmpHeader {
  /** cwmp:ID (sent with mustUnderstand="1"). */
  readonly id?: string;
  /** cwmp:HoldRequests (ACS to CPE). */
  readonly holdRequests?: boolean;
  /** cwmp:NoMoreRequests (CWMP 1.0; deprecated later). */
  readonly noMoreRequests?: boolean;
  /** CWMP 1.4 session headers, kept as text. */
  readonly sessionTimeout?: number;
  readonly supportedCWMPVersions?: string;
  readonly useCWMPVersion?: string;
}

export interface CwmpEnvelope {
  /** Version of the cwmp namespace the envelope used (urn:dslforum-org:cwmp-1-N). */
  readonly version: CwmpVersion;
  readonly header: CwmpHeader;
  readonly body: CwmpBody;
  /**
   * Prefixes as written, only when they differ from the canonical 'soap-env' / 'cwmp' the
   * encoder uses (so re-encoding real envelopes is canonical, not byte-identical).
   */
  readonly written?: { readonly envelopePrefix: string; readonly cwmpPrefix: string };
}
