/** TFTP codec (RFC 1350, 2347, 2348, 2349, 7440): see docs/codecs-tftp-sip-syslog.md. */
export { tftpCodec, encode, decode, encodingLength } from './codec.js';
export { TFTP_OPCODES, TFTP_OPCODE_NAMES, TFTP_ERROR_CODES, TFTP_MODES } from './codes.js';
export type { TftpOpcodeName, TftpMode } from './codes.js';
export { TFTP_OPTION_LIMITS, findOption, numericOption, optionFindings, buildOptions } from './options.js';
export type { NumericOptionLimit, RequestOptionValues } from './options.js';
export type { TftpPacket, TftpRequest, TftpData, TftpAck, TftpError, TftpOack, TftpUnknown, TftpOption } from './types.js';
