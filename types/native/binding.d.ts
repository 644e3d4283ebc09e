/** Arch-dependent constants taken from the C library's headers. */
export interface NativeConstants {
    readonly [name: string]: number;
}
/**
 * A uv_poll on Node's loop. It owns its fd: close() closes both, and so do
 * garbage collection (when not started) and environment teardown. A started
 * poller is kept alive by the addon, as any active handle.
 */
export interface NativePoller {
    /** The fd it owns, -1 once closed. */
    readonly fd: number;
    /** `events`: a non-empty combination of pollEvents. */
    start(events: number): void;
    stop(): void;
    close(): void;
    ref(): void;
    unref(): void;
}
export interface NativePollerConstructor {
    /** Takes ownership of `fd` (when it does not throw). */
    new (fd: number, callback: (err: Error | null, events: number) => void): NativePoller;
}
/** The addon's surface (src/*.cc). Every function is one syscall. */
export interface NativeBinding {
    readonly constants: NativeConstants;
    readonly layouts: {
        readonly [name: string]: number;
    };
    readonly pollEvents: {
        readonly READABLE: number;
        readonly WRITABLE: number;
        readonly DISCONNECT: number;
        readonly PRIORITIZED: number;
    };
    socket(domain: number, type: number, protocol: number): number;
    bind(fd: number, address: Buffer): void;
    /** 0 when connected, or EINPROGRESS/EALREADY/EISCONN (positive) for a non-blocking connect. */
    connect(fd: number, address: Buffer): number;
    listen(fd: number, backlog: number): void;
    close(fd: number): void;
    dup(fd: number): number;
    /** dup3(fd, target, flags): `target` then refers to `fd`'s open file. */
    dup3(fd: number, target: number, flags: number): void;
    /** Returns the length the kernel wrote. */
    getsockopt(fd: number, level: number, name: number, value: Buffer, option?: string): number;
    /** An int option's value (a one-byte answer widened). */
    getsockoptInt(fd: number, level: number, name: number, option?: string): number;
    setsockopt(fd: number, level: number, name: number, value: Buffer | number, option?: string): void;
    getsockname(fd: number, address: Buffer): number;
    getpeername(fd: number, address: Buffer): number;
    /** Bytes sent, or null if the socket would block. */
    send(fd: number, data: Buffer, flags: number): number | null;
    /** The kernel's return value, or null if nothing is queued. */
    recv(fd: number, data: Buffer, flags: number): number | null;
    /**
     * recvmmsg(): up to min(lengths.length, data.length / slotSize, 64) queued
     * datagrams in one call, datagram i at data[i * slotSize], its length (the
     * kernel's return value) in lengths[i]. Returns how many, or null if
     * nothing is queued; fewer than asked means the queue was empty.
     */
    recvBatch(fd: number, data: Buffer, slotSize: number, lengths: Uint32Array, flags: number): number | null;
    /**
     * getsockopt(SOL_MPTCP, MPTCP_FULL_INFO). The addon fills `head`'s request
     * fields (strides, `count`) and the two array pointers from the Buffers
     * given, after checking that `count` elements of each stride fit in them and
     * that `head` holds the 40-byte header; the pointers are zeroed again after
     * the call. Returns the length the kernel wrote to `head` (header and
     * mptcp_info); num_subflows and the strides the kernel used are in `head`.
     */
    getsockoptFullInfo(fd: number, head: Buffer, subflowInfo: Buffer, subflowInfoSize: number, tcpInfo: Buffer, tcpInfoSize: number, count: number): number;
    readonly Poller: NativePollerConstructor;
}
export interface NativeState {
    readonly binding: NativeBinding | null;
    /** Why `binding` is null: not Linux, or the addon failed to load. */
    readonly reason: 'platform' | 'addon' | null;
    readonly error: Error | null;
}
export declare function nativeState(): NativeState;
export declare function native(): NativeBinding | null;
