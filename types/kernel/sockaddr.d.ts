export declare const AF_INET = 2;
export declare const AF_INET6 = 10;
export declare const SOCKADDR_IN: {
    readonly size: 16;
    readonly family: 0;
    readonly port: 2;
    readonly addr: 4;
};
export declare const SOCKADDR_IN6: {
    readonly size: 28;
    readonly family: 0;
    readonly port: 2;
    readonly flowinfo: 4;
    readonly addr: 8;
    readonly scopeId: 24;
};
export declare const SOCKADDR_STORAGE_SIZE = 128;
/** An endpoint, in node:net's shape (`socket.address()`). */
export interface AddressInfo {
    address: string;
    family: 'IPv4' | 'IPv6';
    port: number;
}
/** The 4 bytes of an IPv4 literal, in network order. */
export declare function ipv4Bytes(address: string): Buffer;
/** Parses an IPv6 literal (with optional %scope and embedded IPv4) into 16 bytes. */
export declare function ipv6Bytes(address: string): Buffer;
/** Formats the 4 bytes at `offset` as a dotted quad. */
export declare function formatIpv4(bytes: Buffer, offset?: number): string;
/** Formats 16 bytes as libuv's inet_ntop does, which is what node:net reports. */
export declare function formatIpv6(bytes: Buffer): string;
/** Encodes an IP literal and port as a sockaddr_in or sockaddr_in6. */
export declare function encodeSockaddr(address: string, port: number, scopeId?: number): Buffer;
/** Decodes a sockaddr_in/in6 at `offset`; null for AF_UNSPEC (an unset slot). */
export declare function decodeSockaddr(buf: Buffer, offset?: number): AddressInfo | null;
/** The scope id of "fe80::1%eth0" or "fe80::1%2": an interface index, 0 when none or unknown. */
export declare function scopeId(address: string): number;
