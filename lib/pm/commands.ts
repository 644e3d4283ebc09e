// The mptcp_pm commands: limits and endpoints of the in-kernel path
// manager, and the per-connection commands of the userspace one. What the
// kernel validates (limits above 8, signal with fullmesh, a ninth endpoint,
// a bad token) goes to the kernel, and its answer — errno and extended-ack
// text — comes back as a PathManagerError.
import util from 'node:util';
import { invalidArgType, invalidArgValue, outOfRange, type SystemError } from '../errors';
import { encodeAttrs, type AttrValues } from '../netlink/attributes';
import { kernelAtLeast, kernelVersion } from '../kernel/version';
import { genlPayload, parseGenl, resolveFamily, type GenlFamily } from '../netlink/genl';
import { RouteSocket } from '../netlink/rtnetlink';
import { NETLINK_GENERIC, NLM_F_DUMP, NetlinkSocket, type NetlinkError } from '../netlink/socket';
import { decodeAddress, encodeAddress, familyName } from './address';
import {
  COMMANDS,
  flagsToNames,
  MPTCP_PM_NAME,
  MPTCP_PM_VER,
  namesToFlags,
  PM_ATTRS,
  type CommandName,
  type EndpointFlag,
} from './spec';

/** A failed path-manager request, with the kernel's errno and explanation. */
export class PathManagerError extends Error implements SystemError {
  code: string;
  errno: number;
  syscall = 'netlink';
  /** The mptcp_pm command, e.g. 'ADD_ADDR'. */
  command: CommandName | 'GETFAMILY';
  /** The kernel's extended-ack message, when it sent one. */
  extack?: string;

  constructor(cause: NetlinkError | SystemError, command: CommandName | 'GETFAMILY', hint?: string) {
    const entry = util.getSystemErrorMap().get(cause.errno);
    const extack = (cause as NetlinkError).extack;
    const why = hint ?? extack ?? entry?.[1] ?? cause.message;
    super(`mptcp_pm ${command} ${cause.code}: ${why}`);
    this.name = 'PathManagerError';
    this.code = cause.code;
    this.errno = cause.errno;
    this.command = command;
    if (extack) this.extack = extack;
  }
}

const CAP_HINT = (command: string) =>
  `${command} needs CAP_NET_ADMIN in this network namespace (run as root, or in a namespace of your own: unshare -Urn)`;

/**
 * GET_ADDR with a token on a kernel that ignores the token (before 6.9): it
 * would answer with the in-kernel endpoints, not the connection's addresses.
 */
function tokenIgnored(): PathManagerError {
  const cause = { code: util.getSystemErrorName(-95), errno: -95, syscall: 'netlink', message: '', name: 'Error' } as SystemError;
  return new PathManagerError(
    cause,
    'GET_ADDR',
    `a connection's addresses (options.token) need Linux 6.9 or later: this kernel (${kernelVersion().release}) ignores the token and lists its in-kernel endpoints instead`,
  );
}

/** An in-kernel PM endpoint, as `ip mptcp endpoint show` lists it. */
export interface Endpoint {
  id: number;
  address: string;
  family: 'IPv4' | 'IPv6';
  /** Set for a `signal` endpoint with its own port. */
  port?: number;
  flags: EndpointFlag[];
  /** Flag bits this package has no name for (newer kernels). */
  rawFlags?: number;
  ifindex?: number;
}

export interface Limits {
  /** Extra subflows per connection (0–8). */
  subflows: number;
  /** ADD_ADDRs accepted per connection (0–8). */
  addAddrAccepted: number;
}

export interface EndpointInput {
  address: string;
  /** 1–255; omitted: the kernel picks the next free id. */
  id?: number;
  port?: number;
  /** Interface name, resolved to its index in this namespace. */
  dev?: string;
  ifindex?: number;
  flags?: readonly EndpointFlag[];
}

/** A local or remote address of a connection's subflow (userspace PM). */
export interface SubflowAddress {
  address: string;
  port?: number;
  /** Local address id (1–255), for a local address. */
  id?: number;
  dev?: string;
  ifindex?: number;
}

function intIn(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if (!Number.isInteger(value) || value < min || value > max) throw outOfRange(name, `an integer >= ${min} and <= ${max}`, value);
  return value;
}

function validateFlags(flags: unknown, name: string): readonly EndpointFlag[] {
  if (flags === undefined) return [];
  if (!Array.isArray(flags)) throw invalidArgType(name, 'an instance of Array', flags);
  for (const f of flags) {
    try {
      namesToFlags([f as string]);
    } catch {
      throw invalidArgValue(name, flags, `has an unknown flag ${JSON.stringify(f)}`);
    }
  }
  return flags as EndpointFlag[];
}

function decodeEndpoint(a: AttrValues): Endpoint {
  const address = decodeAddress(a.addr4, a.addr6) ?? '';
  const { names, rawFlags } = flagsToNames((a.flags as number | undefined) ?? 0);
  const ep: Endpoint = { id: (a.id as number | undefined) ?? 0, address, family: familyName(a.family as number, address)!, flags: names };
  if (typeof a.port === 'number' && a.port !== 0) ep.port = a.port;
  if (rawFlags) ep.rawFlags = rawFlags;
  if (typeof a.ifindex === 'number' && a.ifindex !== 0) ep.ifindex = a.ifindex;
  return ep;
}

/**
 * A client of the kernel's path manager over generic netlink, in the
 * network namespace this process is in. One netlink socket, opened on
 * first use; it does not keep the process alive.
 */
export class PathManager {
  private sock: NetlinkSocket | null = null;
  private family: Promise<GenlFamily> | null = null;
  private route: RouteSocket | null = null;
  private tokenCounts: Promise<boolean> | null = null;

  private async familyId(): Promise<{ sock: NetlinkSocket; family: GenlFamily }> {
    this.sock ??= NetlinkSocket.open(NETLINK_GENERIC);
    const sock = this.sock;
    this.family ??= resolveFamily(sock, MPTCP_PM_NAME).catch((err: NetlinkError) => {
      this.family = null;
      const hint =
        err.code === 'ENOENT' ? 'the kernel has no generic netlink family mptcp_pm (no MPTCP, or older than 5.7)' : undefined;
      throw new PathManagerError(err, 'GETFAMILY', hint);
    });
    return { sock, family: await this.family };
  }

  /** Sends one command; resolves with the attributes of each reply message. */
  private async command(cmd: CommandName, attrs: AttrValues, dump = false): Promise<AttrValues[]> {
    const { sock, family } = await this.familyId();
    const payload = genlPayload(COMMANDS[cmd], MPTCP_PM_VER, encodeAttrs(PM_ATTRS, attrs));
    try {
      const replies = await sock.request(family.id, dump ? NLM_F_DUMP : 0, payload);
      return replies.map((m) => parseGenl(m, PM_ATTRS).attrs);
    } catch (err) {
      const e = err as NetlinkError;
      if (typeof e.errno !== 'number') throw err;
      throw new PathManagerError(e, cmd, e.code === 'EPERM' ? CAP_HINT(cmd) : undefined);
    }
  }

  private async ifindexOf(input: { dev?: unknown; ifindex?: unknown }, label: string): Promise<number | undefined> {
    if (input.ifindex !== undefined) return intIn(input.ifindex, `${label}.ifindex`, 1, 2 ** 31 - 1);
    if (input.dev === undefined) return undefined;
    if (typeof input.dev !== 'string') throw invalidArgType(`${label}.dev`, 'of type string', input.dev);
    this.route ??= RouteSocket.open();
    return (await this.route.link(input.dev)).index;
  }

  // ---- limits (in-kernel PM) ----

  async getLimits(): Promise<Limits> {
    const [reply] = await this.command('GET_LIMITS', {});
    return { subflows: (reply?.subflows as number) ?? 0, addAddrAccepted: (reply?.rcvAddAddrs as number) ?? 0 };
  }

  /** Sets either or both limits; the kernel refuses values above 8 (EINVAL). */
  async setLimits(limits: Partial<Limits>): Promise<void> {
    if (limits === null || typeof limits !== 'object') throw invalidArgType('limits', 'of type object', limits);
    const attrs: AttrValues = {};
    if (limits.subflows !== undefined) attrs.subflows = intIn(limits.subflows, 'limits.subflows', 0, 2 ** 32 - 1);
    if (limits.addAddrAccepted !== undefined) {
      attrs.rcvAddAddrs = intIn(limits.addAddrAccepted, 'limits.addAddrAccepted', 0, 2 ** 32 - 1);
    }
    // The kernel keeps a limit that is not sent: send both, as ip mptcp does.
    if (attrs.subflows === undefined || attrs.rcvAddAddrs === undefined) {
      const now = await this.getLimits();
      attrs.subflows ??= now.subflows;
      attrs.rcvAddAddrs ??= now.addAddrAccepted;
    }
    await this.command('SET_LIMITS', attrs);
  }

  // ---- endpoints (in-kernel PM; with a token, a userspace-PM connection's addresses) ----

  /**
   * Rejects unless the kernel answers GET_ADDR per connection. Linux 6.9 added
   * that (the userspace PM's address lists); before, GET_ADDR ignores the
   * token and answers with the in-kernel endpoints. Older kernels may have it
   * backported, so they are asked once: a dump for a token no connection has
   * is refused (EINVAL, "invalid token") where the token counts, and answered
   * with the in-kernel endpoints where it is ignored.
   */
  private async checkTokenCounts(token: number): Promise<void> {
    if (kernelAtLeast(6, 9)) return;
    this.tokenCounts ??= this.command('GET_ADDR', { token: ~token >>> 0 }, true).then(
      () => false,
      (err: unknown) => {
        if (err instanceof PathManagerError && err.code === 'EINVAL') return true;
        this.tokenCounts = null; // not an answer to the question: ask again next time
        throw err;
      },
    );
    if (!(await this.tokenCounts)) throw tokenIgnored();
  }

  /**
   * All endpoints; with `token`, the local addresses of that userspace-PM
   * connection (Linux 6.9 or later: before, an ENOTSUP PathManagerError).
   */
  async endpoints(options: { token?: number } = {}): Promise<Endpoint[]> {
    const attrs: AttrValues = {};
    if (options.token !== undefined) {
      attrs.token = intIn(options.token, 'options.token', 0, 2 ** 32 - 1);
      await this.checkTokenCounts(attrs.token);
    }
    const replies = await this.command('GET_ADDR', attrs, true);
    return replies.filter((r) => r.addr).map((r) => decodeEndpoint(r.addr as AttrValues));
  }

  /** One endpoint by id (ENOENT if there is none); with `token`, as endpoints() (Linux 6.9 or later). */
  async endpoint(id: number, options: { token?: number } = {}): Promise<Endpoint> {
    const attrs: AttrValues = { addr: { id: intIn(id, 'id', 0, 255) } };
    if (options.token !== undefined) {
      attrs.token = intIn(options.token, 'options.token', 0, 2 ** 32 - 1);
      await this.checkTokenCounts(attrs.token);
    }
    const [reply] = await this.command('GET_ADDR', attrs);
    return decodeEndpoint((reply?.addr ?? {}) as AttrValues);
  }

  /** Adds an endpoint and resolves with it as the kernel stored it (its id assigned). */
  async addEndpoint(input: EndpointInput): Promise<Endpoint> {
    if (input === null || typeof input !== 'object') throw invalidArgType('endpoint', 'of type object', input);
    const addr: AttrValues = { ...encodeAddress(input.address, 'endpoint.address') };
    if (input.id !== undefined) addr.id = intIn(input.id, 'endpoint.id', 1, 255);
    if (input.port !== undefined) addr.port = intIn(input.port, 'endpoint.port', 1, 65535);
    addr.flags = namesToFlags(validateFlags(input.flags, 'endpoint.flags'));
    const ifindex = await this.ifindexOf(input, 'endpoint');
    if (ifindex !== undefined) addr.ifindex = ifindex;
    await this.command('ADD_ADDR', { addr });
    const all = await this.endpoints();
    const match = all.find((e) => e.address === decodeAddress(addr.addr4, addr.addr6) && (input.id === undefined || e.id === input.id));
    return match ?? decodeEndpoint(addr);
  }

  /** The id of an endpoint given by id or address; ENOENT, for `command`, when no endpoint has the address. */
  private async resolveId(idOrAddress: number | string, label: string, command: CommandName): Promise<number> {
    if (typeof idOrAddress === 'number') return intIn(idOrAddress, label, 1, 255);
    const wanted = decodeAddress(encodeAddress(idOrAddress, label).addr4, encodeAddress(idOrAddress, label).addr6);
    const ep = (await this.endpoints()).find((e) => e.address === wanted);
    if (!ep) {
      const err = { code: 'ENOENT', errno: -2, syscall: 'netlink', message: '', name: 'Error' } as SystemError;
      throw new PathManagerError(err, command, `no endpoint has the address ${wanted}`);
    }
    return ep.id;
  }

  /** Deletes an endpoint by id or by address. */
  async deleteEndpoint(idOrAddress: number | string): Promise<void> {
    if (typeof idOrAddress !== 'number' && typeof idOrAddress !== 'string') {
      throw invalidArgType('idOrAddress', 'of type number or string', idOrAddress);
    }
    const id = await this.resolveId(idOrAddress, 'idOrAddress', 'DEL_ADDR');
    await this.command('DEL_ADDR', { addr: { id } });
  }

  async flushEndpoints(): Promise<void> {
    await this.command('FLUSH_ADDRS', {});
  }

  /** Changes an endpoint's backup and/or fullmesh flags; the ones not given stay as they are. */
  async setEndpointFlags(idOrAddress: number | string, flags: { backup?: boolean; fullmesh?: boolean }): Promise<void> {
    if (typeof idOrAddress !== 'number' && typeof idOrAddress !== 'string') {
      throw invalidArgType('idOrAddress', 'of type number or string', idOrAddress);
    }
    if (flags === null || typeof flags !== 'object') throw invalidArgType('flags', 'of type object', flags);
    for (const k of ['backup', 'fullmesh'] as const) {
      if (flags[k] !== undefined && typeof flags[k] !== 'boolean') throw invalidArgType(`flags.${k}`, 'of type boolean', flags[k]);
    }
    const id = await this.resolveId(idOrAddress, 'idOrAddress', 'SET_FLAGS');
    const current = await this.endpoint(id);
    const has = (f: EndpointFlag) => current.flags.includes(f);
    const backup = flags.backup ?? has('backup');
    const fullmesh = flags.fullmesh ?? has('fullmesh');
    const value = (backup ? namesToFlags(['backup']) : 0) | (fullmesh ? namesToFlags(['fullmesh']) : 0);
    await this.command('SET_FLAGS', { addr: { id, flags: value } });
  }

  // ---- userspace PM (net.mptcp.path_manager=userspace), per connection token ----

  private async address(input: SubflowAddress, label: string, withPort: boolean): Promise<AttrValues> {
    if (input === null || typeof input !== 'object') throw invalidArgType(label, 'of type object', input);
    const out: AttrValues = { ...encodeAddress(input.address, `${label}.address`) };
    if (input.id !== undefined) out.id = intIn(input.id, `${label}.id`, 0, 255);
    if (input.port !== undefined) out.port = intIn(input.port, `${label}.port`, withPort ? 0 : 1, 65535);
    const ifindex = await this.ifindexOf(input, label);
    if (ifindex !== undefined) out.ifindex = ifindex;
    return out;
  }

  /** ADD_ADDR on a connection: announce a local address (id 1–255) to the peer. */
  async announce(token: number, local: SubflowAddress): Promise<void> {
    const addr = await this.address(local, 'local', true);
    addr.flags = namesToFlags(['signal']);
    await this.command('ANNOUNCE', { token: intIn(token, 'token', 0, 2 ** 32 - 1), addr });
  }

  /** RM_ADDR on a connection: withdraw the address announced with `id`. */
  async remove(token: number, id: number): Promise<void> {
    await this.command('REMOVE', { token: intIn(token, 'token', 0, 2 ** 32 - 1), locId: intIn(id, 'id', 0, 255) });
  }

  /** Opens a subflow from `local` (address and id) to `remote` (address and port). */
  async subflowCreate(token: number, local: SubflowAddress, remote: SubflowAddress, options: { backup?: boolean } = {}): Promise<void> {
    const addr = await this.address(local, 'local', true);
    if (options.backup) addr.flags = namesToFlags(['backup']);
    const addrRemote = await this.address(remote, 'remote', false);
    await this.command('SUBFLOW_CREATE', { token: intIn(token, 'token', 0, 2 ** 32 - 1), addr, addrRemote });
  }

  /** Closes the subflow between `local` and `remote` (addresses and ports). */
  async subflowDestroy(token: number, local: SubflowAddress, remote: SubflowAddress): Promise<void> {
    const addr = await this.address(local, 'local', false);
    const addrRemote = await this.address(remote, 'remote', false);
    await this.command('SUBFLOW_DESTROY', { token: intIn(token, 'token', 0, 2 ** 32 - 1), addr, addrRemote });
  }

  /** Userspace PM: marks a connection's subflow as backup (or not): MP_PRIO to the peer. */
  async setSubflowBackup(token: number, local: SubflowAddress, remote: SubflowAddress, backup: boolean): Promise<void> {
    if (typeof backup !== 'boolean') throw invalidArgType('backup', 'of type boolean', backup);
    const addr = await this.address(local, 'local', true);
    addr.flags = backup ? namesToFlags(['backup']) : 0;
    const addrRemote = await this.address(remote, 'remote', false);
    await this.command('SET_FLAGS', { token: intIn(token, 'token', 0, 2 ** 32 - 1), addr, addrRemote });
  }

  /** Releases the netlink sockets (they are reopened on the next call). */
  close(): void {
    this.sock?.close();
    this.route?.close();
    this.sock = null;
    this.route = null;
    this.family = null;
  }
}

let shared: PathManager | undefined;

/** The PathManager the module-level functions use (this process's network namespace). */
export function defaultPathManager(): PathManager {
  shared ??= new PathManager();
  return shared;
}
