// The extension point through which layers above the sockets add per-socket
// features without the socket layer knowing them. lib/pm/attach.ts uses it for
// the path-manager events on a socket ('subflow', 'subflowClosed', …), for
// socket.setBackup(), for the backup flags in subflows(), and for the path
// options (`failover`, `paths`) that connect(), new Socket(), createServer(),
// listen() and socket.setPathOptions() take. The socket layer never imports
// path management; the package entry loads both.
import type net from 'node:net';
import type { Subflow } from './info';

/**
 * Events of an mptcp.Socket with their arguments. node:net's own events are
 * listed here; layers above add theirs by module augmentation:
 * `declare module '../net/extension' { interface SocketEventMap { subflow: [SubflowEvent] } }`.
 */
export interface SocketEventMap {
  close: [hadError: boolean];
  connect: [];
  connectionAttempt: [ip: string, port: number, family: number];
  connectionAttemptFailed: [ip: string, port: number, family: number, error: Error];
  connectionAttemptTimeout: [ip: string, port: number, family: number];
  data: [data: Buffer];
  drain: [];
  end: [];
  error: [err: Error];
  lookup: [err: Error | null, address: string, family: string | number, host: string];
  ready: [];
  timeout: [];
}

/**
 * Per-connection path options, added by the layers above by module augmentation
 * (lib/pm adds `failover` and `paths`): `declare module '../net/extension' {
 * interface PathOptions { failover?: FailoverOption } }`.
 */
export interface PathOptions {}

export interface SocketExtension {
  /** Socket events this extension emits; `subscribe` runs the first time a listener for one is added. */
  readonly events?: readonly string[];
  subscribe?(socket: net.Socket, event: string): void;
  /** Backs socket.setBackup(address, backup) and mptcp.setBackup(socket, address, backup). */
  setBackup?(socket: net.Socket, address: string, backup: boolean): Promise<number>;
  /** The backup flag of a subflow when this extension knows it (for subflows()). */
  subflowBackup?(socket: net.Socket, subflow: Subflow): boolean | undefined;
  /** Names of the PathOptions this extension takes. */
  readonly options?: readonly string[];
  /** Checks one of its options; throws a Node-style error naming `label`; returns the value to keep. */
  validateOption?(name: string, value: unknown, label: string): unknown;
  /**
   * Applies options (only this extension's) to a socket that is connected:
   * once a client connects or a server accepts it, and again at each setPathOptions().
   */
  configure?(socket: net.Socket, options: Readonly<Record<string, unknown>>): void;
}

const extensions: SocketExtension[] = [];
/** Event name → the extensions that emit it. */
const byEvent = new Map<string, SocketExtension[]>();
/** Option name → the extension that takes it. */
const byOption = new Map<string, SocketExtension>();
/** byOption's keys, for the check every socket makes (no iterator per call). */
let optionNames: string[] = [];
/** The first registered handler of each name, bound once (subflows() asks on every call). */
const handlers: Pick<SocketExtension, 'setBackup' | 'subflowBackup' | 'configure'> = {};

/** Registers an extension (once per process; registering the same object twice is a no-op). */
export function extendSockets(extension: SocketExtension): void {
  if (extensions.includes(extension)) return;
  extensions.push(extension);
  handlers.setBackup ??= extension.setBackup?.bind(extension);
  handlers.subflowBackup ??= extension.subflowBackup?.bind(extension);
  handlers.configure ??= extension.configure?.bind(extension);
  for (const event of extension.events ?? []) {
    const list = byEvent.get(event) ?? [];
    list.push(extension);
    byEvent.set(event, list);
  }
  for (const option of extension.options ?? []) byOption.set(option, extension);
  optionNames = [...byOption.keys()];
}

/**
 * The path options in `input` (an options object of connect(), new Socket(),
 * createServer(), listen()), validated; undefined when it has none, which
 * costs a property read per registered option and allocates nothing.
 */
export function pathOptionsIn(input: object, label: string): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < optionNames.length; i++) {
    const name = optionNames[i]!;
    const value = (input as Record<string, unknown>)[name];
    if (value === undefined) continue;
    const ext = byOption.get(name)!;
    (out ??= {})[name] = ext.validateOption ? ext.validateOption(name, value, `${label}.${name}`) : value;
  }
  return out;
}

/** Hands validated path options to the extensions that take them, for a connected socket. */
export function configureSocket(socket: net.Socket, options: Readonly<Record<string, unknown>>): void {
  const per = new Map<SocketExtension, Record<string, unknown>>();
  for (const [name, value] of Object.entries(options)) {
    const ext = byOption.get(name);
    if (!ext) continue;
    let mine = per.get(ext);
    if (!mine) per.set(ext, (mine = {}));
    mine[name] = value;
  }
  for (const [ext, mine] of per) ext.configure?.(socket, mine);
}

/** Called when a listener is added to an mptcp.Socket: a map lookup unless the event is an extension's. */
export function onListenerAdded(socket: net.Socket, event: string | symbol): void {
  if (byEvent.size === 0 || typeof event !== 'string') return;
  const list = byEvent.get(event);
  if (list) for (const ext of list) ext.subscribe?.(socket, event);
}

/** The registered handler of `name`, or undefined. */
export function extensionFor<K extends 'setBackup' | 'subflowBackup' | 'configure'>(name: K): NonNullable<SocketExtension[K]> | undefined {
  return handlers[name] as NonNullable<SocketExtension[K]> | undefined;
}
