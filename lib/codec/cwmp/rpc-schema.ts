/**
 * The argument lists of every typed RPC, in schema order (TR-069 Amendment 6 Annex A,
 * cwmp-1-4.xsd). One table drives both decoding and encoding.
 */
import type { CwmpMethodName } from './types.js';

export type FieldKind =
  | 'string' | 'int' | 'bool'
  | 'strings' | 'pvs' | 'events' | 'deviceId' | 'fault' | 'infos' | 'attrs' | 'setAttrs' | 'args';

/** [element name, property name, kind] */
export type FieldSpec = readonly [xml: string, key: string, kind: FieldKind];

/** SOAP-ENC arrayType item type and item element name per array kind. */
export const ARRAY_ITEMS: Partial<Record<FieldKind, { type: string; element: string }>> = {
  strings: { type: 'xsd:string', element: 'string' },
  pvs: { type: 'cwmp:ParameterValueStruct', element: 'ParameterValueStruct' },
  events: { type: 'cwmp:EventStruct', element: 'EventStruct' },
  infos: { type: 'cwmp:ParameterInfoStruct', element: 'ParameterInfoStruct' },
  attrs: { type: 'cwmp:ParameterAttributeStruct', element: 'ParameterAttributeStruct' },
  setAttrs: { type: 'cwmp:SetParameterAttributesStruct', element: 'SetParameterAttributesStruct' },
  args: { type: 'cwmp:ArgStruct', element: 'ArgStruct' },
};

const transferTimes: readonly FieldSpec[] = [['Status', 'status', 'int'], ['StartTime', 'startTime', 'string'], ['CompleteTime', 'completeTime', 'string']];

export const RPC_FIELDS: Readonly<Record<CwmpMethodName, readonly FieldSpec[]>> = {
  Inform: [
    ['DeviceId', 'deviceId', 'deviceId'],
    ['Event', 'events', 'events'],
    ['MaxEnvelopes', 'maxEnvelopes', 'int'],
    ['CurrentTime', 'currentTime', 'string'],
    ['RetryCount', 'retryCount', 'int'],
    ['ParameterList', 'parameterList', 'pvs'],
  ],
  InformResponse: [['MaxEnvelopes', 'maxEnvelopes', 'int']],
  GetRPCMethods: [],
  GetRPCMethodsResponse: [['MethodList', 'methodList', 'strings']],
  GetParameterNames: [['ParameterPath', 'parameterPath', 'string'], ['NextLevel', 'nextLevel', 'bool']],
  GetParameterNamesResponse: [['ParameterList', 'parameterList', 'infos']],
  GetParameterValues: [['ParameterNames', 'parameterNames', 'strings']],
  GetParameterValuesResponse: [['ParameterList', 'parameterList', 'pvs']],
  SetParameterValues: [['ParameterList', 'parameterList', 'pvs'], ['ParameterKey', 'parameterKey', 'string']],
  SetParameterValuesResponse: [['Status', 'status', 'int']],
  GetParameterAttributes: [['ParameterNames', 'parameterNames', 'strings']],
  GetParameterAttributesResponse: [['ParameterList', 'parameterList', 'attrs']],
  SetParameterAttributes: [['ParameterList', 'parameterList', 'setAttrs']],
  SetParameterAttributesResponse: [],
  AddObject: [['ObjectName', 'objectName', 'string'], ['ParameterKey', 'parameterKey', 'string']],
  AddObjectResponse: [['InstanceNumber', 'instanceNumber', 'int'], ['Status', 'status', 'int']],
  DeleteObject: [['ObjectName', 'objectName', 'string'], ['ParameterKey', 'parameterKey', 'string']],
  DeleteObjectResponse: [['Status', 'status', 'int']],
  Download: [
    ['CommandKey', 'commandKey', 'string'],
    ['FileType', 'fileType', 'string'],
    ['URL', 'url', 'string'],
    ['Username', 'username', 'string'],
    ['Password', 'password', 'string'],
    ['FileSize', 'fileSize', 'int'],
    ['TargetFileName', 'targetFileName', 'string'],
    ['DelaySeconds', 'delaySeconds', 'int'],
    ['SuccessURL', 'successURL', 'string'],
    ['FailureURL', 'failureURL', 'string'],
  ],
  DownloadResponse: transferTimes,
  Upload: [
    ['CommandKey', 'commandKey', 'string'],
    ['FileType', 'fileType', 'string'],
    ['URL', 'url', 'string'],
    ['Username', 'username', 'string'],
    ['Password', 'password', 'string'],
    ['DelaySeconds', 'delaySeconds', 'int'],
  ],
  UploadResponse: transferTimes,
  Reboot: [['CommandKey', 'commandKey', 'string']],
  RebootResponse: [],
  FactoryReset: [],
  FactoryResetResponse: [],
  ScheduleInform: [['DelaySeconds', 'delaySeconds', 'int'], ['CommandKey', 'commandKey', 'string']],
  ScheduleInformResponse: [],
  TransferComplete: [
    ['CommandKey', 'commandKey', 'string'],
    ['FaultStruct', 'faultStruct', 'fault'],
    ['StartTime', 'startTime', 'string'],
    ['CompleteTime', 'completeTime', 'string'],
  ],
  TransferCompleteResponse: [],
  AutonomousTransferComplete: [
    ['AnnounceURL', 'announceURL', 'string'],
    ['TransferURL', 'transferURL', 'string'],
    ['IsDownload', 'isDownload', 'bool'],
    ['FileType', 'fileType', 'string'],
    ['FileSize', 'fileSize', 'int'],
    ['TargetFileName', 'targetFileName', 'string'],
    ['FaultStruct', 'faultStruct', 'fault'],
    ['StartTime', 'startTime', 'string'],
    ['CompleteTime', 'completeTime', 'string'],
  ],
  AutonomousTransferCompleteResponse: [],
  Kicked: [['Command', 'command', 'string'], ['Referer', 'referer', 'string'], ['Arg', 'arg', 'string'], ['Next', 'next', 'string']],
  KickedResponse: [['NextURL', 'nextURL', 'string']],
  RequestDownload: [['FileType', 'fileType', 'string'], ['FileTypeArg', 'fileTypeArg', 'args']],
  RequestDownloadResponse: [],
};

export function isTypedMethod(name: string): name is CwmpMethodName {
  return Object.prototype.hasOwnProperty.call(RPC_FIELDS, name);
}
