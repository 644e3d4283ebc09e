// The generic netlink family "mptcp_pm", as tables: commands, attribute
// sets, endpoint flags, events (include/uapi/linux/mptcp_pm.h, generated
// from Documentation/netlink/specs/mptcp_pm.yaml; values as on Linux 6.18).
import type { AttrSet } from '../netlink/attributes';

export const MPTCP_PM_NAME = 'mptcp_pm';
export const MPTCP_PM_VER = 1;
export const MPTCP_PM_CMD_GRP_NAME = 'mptcp_pm_cmds';
export const MPTCP_PM_EV_GRP_NAME = 'mptcp_pm_events';

export const COMMANDS = {
  ADD_ADDR: 1,
  DEL_ADDR: 2,
  GET_ADDR: 3,
  FLUSH_ADDRS: 4,
  SET_LIMITS: 5,
  GET_LIMITS: 6,
  SET_FLAGS: 7,
  ANNOUNCE: 8, // userspace PM (5.19)
  REMOVE: 9,
  SUBFLOW_CREATE: 10,
  SUBFLOW_DESTROY: 11,
} as const;

export type CommandName = keyof typeof COMMANDS;

/** struct mptcp_pm_addr_attr: an endpoint or address. PORT is host order, ADDR4 network order. */
export const ADDR_ATTRS = {
  family: { id: 1, type: 'u16' },
  id: { id: 2, type: 'u8' },
  addr4: { id: 3, type: 'binary' },
  addr6: { id: 4, type: 'binary' },
  port: { id: 5, type: 'u16' },
  flags: { id: 6, type: 'u32' },
  ifindex: { id: 7, type: 's32' },
} as const satisfies AttrSet;

/** Top-level attributes of the commands. */
export const PM_ATTRS = {
  addr: { id: 1, type: 'nest', nested: ADDR_ATTRS },
  rcvAddAddrs: { id: 2, type: 'u32' },
  subflows: { id: 3, type: 'u32' },
  token: { id: 4, type: 'u32' },
  locId: { id: 5, type: 'u8' },
  addrRemote: { id: 6, type: 'nest', nested: ADDR_ATTRS },
} as const satisfies AttrSet;

/** Event attributes. Ports and IPv4 addresses are network order here. */
export const EVENT_ATTRS = {
  token: { id: 1, type: 'u32' },
  family: { id: 2, type: 'u16' },
  locId: { id: 3, type: 'u8' },
  remId: { id: 4, type: 'u8' },
  saddr4: { id: 5, type: 'binary' },
  saddr6: { id: 6, type: 'binary' },
  daddr4: { id: 7, type: 'binary' },
  daddr6: { id: 8, type: 'binary' },
  sport: { id: 9, type: 'be16' },
  dport: { id: 10, type: 'be16' },
  backup: { id: 11, type: 'u8' },
  error: { id: 12, type: 'u8' },
  flags: { id: 13, type: 'u16' },
  timeout: { id: 14, type: 'u32' },
  ifindex: { id: 15, type: 's32' },
  resetReason: { id: 16, type: 'u32' },
  resetFlags: { id: 17, type: 'u32' },
  serverSide: { id: 18, type: 'u8' },
} as const satisfies AttrSet;

/** Endpoint flags (MPTCP_PM_ADDR_FLAG_*), one table for parsing and printing, as iproute2 does. */
export const ADDR_FLAGS = [
  ['signal', 1 << 0],
  ['subflow', 1 << 1],
  ['backup', 1 << 2],
  ['fullmesh', 1 << 3],
  ['implicit', 1 << 4], // made by the kernel; cannot be set
  ['laminar', 1 << 5], // 6.18
] as const;

export type EndpointFlag = (typeof ADDR_FLAGS)[number][0];

/** Event types (genlmsghdr.cmd of a multicast message). */
export const EVENTS = {
  1: 'created',
  2: 'established',
  3: 'closed',
  6: 'announced',
  7: 'removed',
  10: 'sub_established',
  11: 'sub_closed',
  13: 'sub_priority',
  15: 'listener_created',
  16: 'listener_closed',
} as const;

export type EventType = (typeof EVENTS)[keyof typeof EVENTS];

/** An event's name as `ip mptcp monitor` prints it: CREATED, SF_ESTABLISHED, SF_PRIO, … */
export function monitorName(type: EventType): string {
  return type.toUpperCase().replace(/^SUB_/, 'SF_').replace('PRIORITY', 'PRIO');
}

/** Event FLAGS bits. */
export const MPTCP_PM_EV_FLAG_DENY_JOIN_ID0 = 1 << 0;
export const MPTCP_PM_EV_FLAG_SERVER_SIDE = 1 << 1;

/** MP_TCPRST reason codes (RFC 8684 §3.6). */
export const RESET_REASONS = {
  0: 'unspecified',
  1: 'mptcp-error',
  2: 'no-resources',
  3: 'administratively-prohibited',
  4: 'too-much-outstanding-data',
  5: 'unacceptable-performance',
  6: 'middlebox-interference',
} as const;

export function flagsToNames(flags: number): { names: EndpointFlag[]; rawFlags: number } {
  const names: EndpointFlag[] = [];
  let rest = flags;
  for (const [name, mask] of ADDR_FLAGS) {
    if (flags & mask) {
      names.push(name);
      rest &= ~mask;
    }
  }
  return { names, rawFlags: rest };
}

export function namesToFlags(names: readonly string[]): number {
  let flags = 0;
  for (const n of names) {
    const entry = ADDR_FLAGS.find(([name]) => name === n);
    if (!entry) throw new RangeError(`unknown endpoint flag: ${n}`);
    flags |= entry[1];
  }
  return flags;
}
