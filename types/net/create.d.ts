import { type SocketOptions } from './sockopt';
import type { FallbackReason, MultipathMode } from './state';
export interface FdRequest {
    family: 4 | 6;
    mode: MultipathMode;
    socketOptions?: SocketOptions | undefined;
    /** Make a plain TCP fd when MPTCP is not possible, instead of leaving it to node:net. */
    needFd?: boolean;
}
export type FdResult = {
    fd: number;
    multipath: boolean;
    reason: FallbackReason | null;
    error?: undefined;
} | {
    fd: null;
    multipath: false;
    reason: FallbackReason;
    error?: undefined;
} | {
    fd: null;
    multipath: false;
    reason: FallbackReason | null;
    error: Error;
};
/** A plain TCP fd, made only when node:net's own would not do (socket options, SO_REUSEPORT). */
export declare function createPlainFd(req: FdRequest, reason: FallbackReason): FdResult;
/** Creates the fd for one socket, or explains why it is left to node:net. */
export declare function createFd(req: FdRequest): FdResult;
/** Closes an fd this package made and never handed to node:net. */
export declare function closeFd(fd: number): void;
