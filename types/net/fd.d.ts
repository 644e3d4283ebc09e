import net from 'node:net';
/** The fd under `target`, or null when it has none (not connected, destroyed, a JS stream). */
export declare function findFd(target: net.Socket | net.Server): number | null;
export declare function isSocketOrServer(value: unknown): value is net.Socket | net.Server;
/** Validates `target` and returns its fd, or throws the error node:net would give. */
export declare function requireFd(target: unknown, name?: string): number;
