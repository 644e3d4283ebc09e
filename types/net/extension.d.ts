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
/** Registers an extension (once per process; registering the same object twice is a no-op). */
export declare function extendSockets(extension: SocketExtension): void;
/** Called when a listener is added to an mptcp.Socket: a map lookup unless the event is an extension's. */
export declare function onListenerAdded(socket: net.Socket, event: string | symbol): void;
/** The registered handler of `name`, or undefined. */
export declare function extensionFor<K extends 'setBackup' | 'subflowBackup'>(name: K): NonNullable<SocketExtension[K]> | undefined;
