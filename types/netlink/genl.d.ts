import { type AttrSet, type AttrValues } from './attributes';
import { type NetlinkMessage, type NetlinkSocket } from './socket';
export declare const GENL_HDRLEN = 4;
export declare const GENL_ID_CTRL = 16;
export declare const CTRL_ATTRS: AttrSet;
export interface GenlFamily {
    id: number;
    name: string;
    version: number;
    /** Multicast group ids by name. */
    groups: Map<string, number>;
    /** Command numbers the family implements. */
    commands: Set<number>;
}
/** genlmsghdr + attributes. */
export declare function genlPayload(cmd: number, version: number, attrs: Buffer): Buffer;
export interface GenlMessage {
    cmd: number;
    version: number;
    attrs: AttrValues;
}
/** Decodes a generic netlink message's header and attributes. */
export declare function parseGenl(msg: NetlinkMessage, set: AttrSet): GenlMessage;
/**
 * Looks up a generic netlink family by name: id, version, multicast groups,
 * commands. Cached per process (ids are fixed while the kernel runs).
 */
export declare function resolveFamily(sock: NetlinkSocket, name: string): Promise<GenlFamily>;
/**
 * The same lookup, synchronously (nlctrl answers inside sendmsg). Lets a
 * subscriber join a group before the caller's next line runs, so no event
 * is missed between "subscribe" and "connect".
 */
export declare function resolveFamilySync(sock: NetlinkSocket, name: string): GenlFamily;
/** Lists every generic netlink family (a dump of nlctrl). */
export declare function listFamilies(sock: NetlinkSocket): Promise<string[]>;
