/** The attributes of EVENT_ATTRS, as decodeAttrs(EVENT_ATTRS, …) gives them; binary ones are views of the buffer. */
export declare class EventAttrs {
    token: number | undefined;
    family: number | undefined;
    locId: number | undefined;
    remId: number | undefined;
    saddr4: Buffer | undefined;
    saddr6: Buffer | undefined;
    daddr4: Buffer | undefined;
    daddr6: Buffer | undefined;
    sport: number | undefined;
    dport: number | undefined;
    backup: number | undefined;
    error: number | undefined;
    flags: number | undefined;
    timeout: number | undefined;
    ifindex: number | undefined;
    resetReason: number | undefined;
    resetFlags: number | undefined;
    serverSide: number | undefined;
    /** Decodes the attributes in b[start, end). */
    constructor(b: Buffer, start: number, end: number);
}
