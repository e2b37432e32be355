/**
 * TFTP opcodes and error codes.
 * Registry: https://www.iana.org/assignments/tftp-parameters/tftp-parameters.xhtml
 * Opcodes 1-5 and error codes 0-7: RFC 1350 section 5 and Appendix I (https://www.rfc-editor.org/rfc/rfc1350).
 * Opcode 6 (OACK) and error code 8: RFC 2347 (https://www.rfc-editor.org/rfc/rfc2347).
 */

export const TFTP_OPCODES = {
  RRQ: 1,
  WRQ: 2,
  DATA: 3,
  ACK: 4,
  ERROR: 5,
  OACK: 6,
} as const;

export type TftpOpcodeName = keyof typeof TFTP_OPCODES;

export const TFTP_OPCODE_NAMES: Readonly<Record<number, TftpOpcodeName>> = {
  1: 'RRQ', 2: 'WRQ', 3: 'DATA', 4: 'ACK', 5: 'ERROR', 6: 'OACK',
};

/** RFC 1350 Appendix I "Error Codes", plus RFC 2347 code 8. */
export const TFTP_ERROR_CODES: Readonly<Record<number, string>> = {
  0: 'Not defined, see error message (if any).',
  1: 'File not found.',
  2: 'Access violation.',
  3: 'Disk full or allocation exceeded.',
  4: 'Illegal TFTP operation.',
  5: 'Unknown transfer ID.',
  6: 'File already exists.',
  7: 'No such user.',
  8: 'Terminate transfer due to option negotiation.', // RFC 2347
};

/** RFC 1350 section 5: the three transfer modes, compared case-insensitively. */
export const TFTP_MODES = ['netascii', 'octet', 'mail'] as const;
export type TftpMode = (typeof TFTP_MODES)[number];
