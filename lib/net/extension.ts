// The extension point through which layers above the sockets add per-socket
// features without the socket layer knowing them. lib/pm/attach.ts uses it for
// the path-manager events on a socket ('subflow', 'subflowClosed', …), for
// socket.setBackup() and for the backup flags in subflows(). The socket layer
// never imports path management; the package entry loads both.
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

export interface SocketExtension {
  /** Socket events this extension emits; `subscribe` runs the first time a listener for one is added. */
  readonly events?: readonly string[];
  subscribe?(socket: net.Socket, event: string): void;
  /** Backs socket.setBackup(address, backup) and mptcp.setBackup(socket, address, backup). */
  setBackup?(socket: net.Socket, address: string, backup: boolean): Promise<number>;
  /** The backup flag of a subflow when this extension knows it (for subflows()). */
  subflowBackup?(socket: net.Socket, subflow: Subflow): boolean | undefined;
}

const extensions: SocketExtension[] = [];
/** Event name → the extensions that emit it. */
const byEvent = new Map<string, SocketExtension[]>();
/** The first registered handler of each name, bound once (subflows() asks on every call). */
const handlers: { setBackup?: SocketExtension['setBackup']; subflowBackup?: SocketExtension['subflowBackup'] } = {};

/** Registers an extension (once per process; registering the same object twice is a no-op). */
export function extendSockets(extension: SocketExtension): void {
  if (extensions.includes(extension)) return;
  extensions.push(extension);
  handlers.setBackup ??= extension.setBackup?.bind(extension);
  handlers.subflowBackup ??= extension.subflowBackup?.bind(extension);
  for (const event of extension.events ?? []) {
    const list = byEvent.get(event) ?? [];
    list.push(extension);
    byEvent.set(event, list);
  }
}

/** Called when a listener is added to an mptcp.Socket: a map lookup unless the event is an extension's. */
export function onListenerAdded(socket: net.Socket, event: string | symbol): void {
  if (byEvent.size === 0 || typeof event !== 'string') return;
  const list = byEvent.get(event);
  if (list) for (const ext of list) ext.subscribe?.(socket, event);
}

/** The registered handler of `name`, or undefined. */
export function extensionFor<K extends 'setBackup' | 'subflowBackup'>(name: K): NonNullable<SocketExtension[K]> | undefined {
  return handlers[name] as NonNullable<SocketExtension[K]> | undefined;
}
