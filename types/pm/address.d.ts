export declare const AF_INET = 2;
export declare const AF_INET6 = 10;
export interface EncodedAddress {
    family: number;
    addr4?: Buffer;
    addr6?: Buffer;
}
/** Validates and encodes an IP literal. `label` names the argument in errors. */
export declare function encodeAddress(address: unknown, label: string): EncodedAddress;
/** The text form of ADDR4/ADDR6 (or SADDR/DADDR), as node:net writes addresses. */
export declare function decodeAddress(addr4: unknown, addr6: unknown): string | undefined;
export declare function familyName(family: number | undefined, address: string | undefined): 'IPv4' | 'IPv6' | undefined;
