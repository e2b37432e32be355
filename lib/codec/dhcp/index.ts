/** DHCPv4 codec: wire value, codec, typed option view, option makers, code tables. */
export type { DhcpArea, DhcpAreaFraming, DhcpFraming, DhcpMessage, DhcpOption, DhcpSubOption } from './types.js';
export { dhcpCodec, decode, encode, encodingLength, isBroadcast, optionOffsets } from './message.js';
export { viewOptions } from './view.js';
export type {
  DhcpClientId, DhcpOptionView, DhcpProvisioningServer159, DhcpVendorSpecific43, DhcpViVendorClass, DhcpViVendorSpecific,
} from './view.js';
export { opt } from './opt.js';
export type { SubOptionInput } from './opt.js';
export { bootpString, readBootpString, macToChaddr } from './bytes.js';
export { parseTlv, parseEnterpriseBlocks } from './suboptions.js';
export * from './codes.js';
