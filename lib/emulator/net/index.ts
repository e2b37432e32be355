/** Transports: UDP endpoints, DHCP over loopback UDP or raw Ethernet (cap), the TCP/TLS connector, addresses. */
export { PacketTap, nowNs, newConnId } from './packet-events.js';
export type { AppProto, DatagramEvent, Direction, Endpoint, PacketEvent, PacketListener, StreamEvent } from './packet-events.js';
export { UdpEndpoint } from './udp-endpoint.js';
export type { DatagramHandler, UdpEndpointOptions } from './udp-endpoint.js';
export type { DhcpReceived, DhcpSendOptions, DhcpTransport } from './dhcp-transport.js';
export { DhcpUdpTransport } from './dhcp-udp-transport.js';
export type { DhcpUdpTransportOptions } from './dhcp-udp-transport.js';
export { DhcpRawTransport, DHCP_CLIENT_PORT, DHCP_SERVER_PORT } from './dhcp-raw-transport.js';
export { RawEthernet } from './raw-ethernet.js';
export { loadCap, capAvailable } from './cap-loader.js';
export { buildUdpFrame, buildTcpFrame, parseUdpFrame } from './frames.js';
export { phoneConnector } from './tcp-connector.js';
export type { ConnectionInfo, ConnectorOptions, TlsClientOptions } from './tcp-connector.js';
export { normalizeMac, macWithColons, macBytes, macFromChaddr, BROADCAST_MAC } from './mac.js';
export { LOOPBACK_PHONE_NET, isLoopbackPhoneAddress, loopbackPhoneAddress, LoopbackAddresses, InterfaceAddresses } from './source-addresses.js';
export type { SourceAddressManager } from './source-addresses.js';
