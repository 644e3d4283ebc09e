// Generic netlink: the 4-byte genlmsghdr, and family/group ids resolved by
// name through nlctrl (they are assigned at boot, never hard-coded).
import { decodeAttrs, encodeAttrs, NetlinkParseError, type AttrSet, type AttrValues } from './attributes';
import { NLM_F_DUMP, type NetlinkMessage, type NetlinkSocket } from './socket';

export const GENL_HDRLEN = 4;
export const GENL_ID_CTRL = 0x10;
const CTRL_CMD_GETFAMILY = 3;
const CTRL_VERSION = 2;

const MCAST_GROUP: AttrSet = {
  name: { id: 1, type: 'string' },
  id: { id: 2, type: 'u32' },
};

export const CTRL_ATTRS: AttrSet = {
  familyId: { id: 1, type: 'u16' },
  familyName: { id: 2, type: 'string' },
  version: { id: 3, type: 'u32' },
  hdrsize: { id: 4, type: 'u32' },
  maxattr: { id: 5, type: 'u32' },
  ops: { id: 6, type: 'nest-array', nested: { id: { id: 1, type: 'u32' }, flags: { id: 2, type: 'u32' } } },
  mcastGroups: { id: 7, type: 'nest-array', nested: MCAST_GROUP },
};

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
export function genlPayload(cmd: number, version: number, attrs: Buffer): Buffer {
  const head = Buffer.alloc(GENL_HDRLEN);
  head.writeUInt8(cmd, 0);
  head.writeUInt8(version, 1);
  return Buffer.concat([head, attrs]);
}

export interface GenlMessage {
  cmd: number;
  version: number;
  attrs: AttrValues;
}

/** Decodes a generic netlink message's header and attributes. */
export function parseGenl(msg: NetlinkMessage, set: AttrSet): GenlMessage {
  if (msg.payload.length < GENL_HDRLEN) throw new NetlinkParseError('truncated genlmsghdr');
  return {
    cmd: msg.payload.readUInt8(0),
    version: msg.payload.readUInt8(1),
    attrs: decodeAttrs(set, msg.payload.subarray(GENL_HDRLEN)),
  };
}

const families = new Map<string, Promise<GenlFamily>>();

/**
 * Looks up a generic netlink family by name: id, version, multicast groups,
 * commands. Cached per process (ids are fixed while the kernel runs).
 */
export function resolveFamily(sock: NetlinkSocket, name: string): Promise<GenlFamily> {
  let p = families.get(name);
  if (!p) {
    p = lookupFamily(sock, name);
    families.set(name, p);
    p.catch(() => families.delete(name));
  }
  return p;
}

const resolved = new Map<string, GenlFamily>();

/**
 * The same lookup, synchronously (nlctrl answers inside sendmsg). Lets a
 * subscriber join a group before the caller's next line runs, so no event
 * is missed between "subscribe" and "connect".
 */
export function resolveFamilySync(sock: NetlinkSocket, name: string): GenlFamily {
  let f = resolved.get(name);
  if (!f) {
    f = familyFrom(sock.requestSync(GENL_ID_CTRL, 0, getFamilyRequest(name)), name);
    resolved.set(name, f);
  }
  return f;
}

function getFamilyRequest(name: string): Buffer {
  return genlPayload(CTRL_CMD_GETFAMILY, CTRL_VERSION, encodeAttrs(CTRL_ATTRS, { familyName: name }));
}

async function lookupFamily(sock: NetlinkSocket, name: string): Promise<GenlFamily> {
  const f = familyFrom(await sock.request(GENL_ID_CTRL, 0, getFamilyRequest(name)), name);
  resolved.set(name, f);
  return f;
}

function familyFrom(replies: NetlinkMessage[], name: string): GenlFamily {
  const reply = replies[0];
  if (!reply) throw new NetlinkParseError(`nlctrl sent no reply for ${name}`);
  const { attrs } = parseGenl(reply, CTRL_ATTRS);
  const groups = new Map<string, number>();
  for (const g of (attrs.mcastGroups as AttrValues[] | undefined) ?? []) {
    if (typeof g.name === 'string' && typeof g.id === 'number') groups.set(g.name, g.id);
  }
  const commands = new Set<number>();
  for (const op of (attrs.ops as AttrValues[] | undefined) ?? []) if (typeof op.id === 'number') commands.add(op.id);
  return { id: attrs.familyId as number, name: attrs.familyName as string, version: attrs.version as number, groups, commands };
}

/** Lists every generic netlink family (a dump of nlctrl). */
export async function listFamilies(sock: NetlinkSocket): Promise<string[]> {
  const replies = await sock.request(GENL_ID_CTRL, NLM_F_DUMP, genlPayload(CTRL_CMD_GETFAMILY, CTRL_VERSION, Buffer.alloc(0)));
  return replies.map((m) => parseGenl(m, CTRL_ATTRS).attrs.familyName as string);
}
