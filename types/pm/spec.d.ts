export declare const MPTCP_PM_NAME = "mptcp_pm";
export declare const MPTCP_PM_VER = 1;
export declare const MPTCP_PM_CMD_GRP_NAME = "mptcp_pm_cmds";
export declare const MPTCP_PM_EV_GRP_NAME = "mptcp_pm_events";
export declare const COMMANDS: {
    readonly ADD_ADDR: 1;
    readonly DEL_ADDR: 2;
    readonly GET_ADDR: 3;
    readonly FLUSH_ADDRS: 4;
    readonly SET_LIMITS: 5;
    readonly GET_LIMITS: 6;
    readonly SET_FLAGS: 7;
    readonly ANNOUNCE: 8;
    readonly REMOVE: 9;
    readonly SUBFLOW_CREATE: 10;
    readonly SUBFLOW_DESTROY: 11;
};
export type CommandName = keyof typeof COMMANDS;
/** struct mptcp_pm_addr_attr: an endpoint or address. PORT is host order, ADDR4 network order. */
export declare const ADDR_ATTRS: {
    readonly family: {
        readonly id: 1;
        readonly type: "u16";
    };
    readonly id: {
        readonly id: 2;
        readonly type: "u8";
    };
    readonly addr4: {
        readonly id: 3;
        readonly type: "binary";
    };
    readonly addr6: {
        readonly id: 4;
        readonly type: "binary";
    };
    readonly port: {
        readonly id: 5;
        readonly type: "u16";
    };
    readonly flags: {
        readonly id: 6;
        readonly type: "u32";
    };
    readonly ifindex: {
        readonly id: 7;
        readonly type: "s32";
    };
};
/** Top-level attributes of the commands. */
export declare const PM_ATTRS: {
    readonly addr: {
        readonly id: 1;
        readonly type: "nest";
        readonly nested: {
            readonly family: {
                readonly id: 1;
                readonly type: "u16";
            };
            readonly id: {
                readonly id: 2;
                readonly type: "u8";
            };
            readonly addr4: {
                readonly id: 3;
                readonly type: "binary";
            };
            readonly addr6: {
                readonly id: 4;
                readonly type: "binary";
            };
            readonly port: {
                readonly id: 5;
                readonly type: "u16";
            };
            readonly flags: {
                readonly id: 6;
                readonly type: "u32";
            };
            readonly ifindex: {
                readonly id: 7;
                readonly type: "s32";
            };
        };
    };
    readonly rcvAddAddrs: {
        readonly id: 2;
        readonly type: "u32";
    };
    readonly subflows: {
        readonly id: 3;
        readonly type: "u32";
    };
    readonly token: {
        readonly id: 4;
        readonly type: "u32";
    };
    readonly locId: {
        readonly id: 5;
        readonly type: "u8";
    };
    readonly addrRemote: {
        readonly id: 6;
        readonly type: "nest";
        readonly nested: {
            readonly family: {
                readonly id: 1;
                readonly type: "u16";
            };
            readonly id: {
                readonly id: 2;
                readonly type: "u8";
            };
            readonly addr4: {
                readonly id: 3;
                readonly type: "binary";
            };
            readonly addr6: {
                readonly id: 4;
                readonly type: "binary";
            };
            readonly port: {
                readonly id: 5;
                readonly type: "u16";
            };
            readonly flags: {
                readonly id: 6;
                readonly type: "u32";
            };
            readonly ifindex: {
                readonly id: 7;
                readonly type: "s32";
            };
        };
    };
};
/** Event attributes. Ports and IPv4 addresses are network order here. */
export declare const EVENT_ATTRS: {
    readonly token: {
        readonly id: 1;
        readonly type: "u32";
    };
    readonly family: {
        readonly id: 2;
        readonly type: "u16";
    };
    readonly locId: {
        readonly id: 3;
        readonly type: "u8";
    };
    readonly remId: {
        readonly id: 4;
        readonly type: "u8";
    };
    readonly saddr4: {
        readonly id: 5;
        readonly type: "binary";
    };
    readonly saddr6: {
        readonly id: 6;
        readonly type: "binary";
    };
    readonly daddr4: {
        readonly id: 7;
        readonly type: "binary";
    };
    readonly daddr6: {
        readonly id: 8;
        readonly type: "binary";
    };
    readonly sport: {
        readonly id: 9;
        readonly type: "be16";
    };
    readonly dport: {
        readonly id: 10;
        readonly type: "be16";
    };
    readonly backup: {
        readonly id: 11;
        readonly type: "u8";
    };
    readonly error: {
        readonly id: 12;
        readonly type: "u8";
    };
    readonly flags: {
        readonly id: 13;
        readonly type: "u16";
    };
    readonly timeout: {
        readonly id: 14;
        readonly type: "u32";
    };
    readonly ifindex: {
        readonly id: 15;
        readonly type: "s32";
    };
    readonly resetReason: {
        readonly id: 16;
        readonly type: "u32";
    };
    readonly resetFlags: {
        readonly id: 17;
        readonly type: "u32";
    };
    readonly serverSide: {
        readonly id: 18;
        readonly type: "u8";
    };
};
/** Endpoint flags (MPTCP_PM_ADDR_FLAG_*), one table for parsing and printing, as iproute2 does. */
export declare const ADDR_FLAGS: readonly [readonly ["signal", number], readonly ["subflow", number], readonly ["backup", number], readonly ["fullmesh", number], readonly ["implicit", number], readonly ["laminar", number]];
export type EndpointFlag = (typeof ADDR_FLAGS)[number][0];
/** Event types (genlmsghdr.cmd of a multicast message). */
export declare const EVENTS: {
    readonly 1: "created";
    readonly 2: "established";
    readonly 3: "closed";
    readonly 6: "announced";
    readonly 7: "removed";
    readonly 10: "sub_established";
    readonly 11: "sub_closed";
    readonly 13: "sub_priority";
    readonly 15: "listener_created";
    readonly 16: "listener_closed";
};
export type EventType = (typeof EVENTS)[keyof typeof EVENTS];
/** An event's name as `ip mptcp monitor` prints it: CREATED, SF_ESTABLISHED, SF_PRIO, … */
export declare function monitorName(type: EventType): string;
/** Event FLAGS bits. */
export declare const MPTCP_PM_EV_FLAG_DENY_JOIN_ID0: number;
export declare const MPTCP_PM_EV_FLAG_SERVER_SIDE: number;
/** MP_TCPRST reason codes (RFC 8684 §3.6). */
export declare const RESET_REASONS: {
    readonly 0: "unspecified";
    readonly 1: "mptcp-error";
    readonly 2: "no-resources";
    readonly 3: "administratively-prohibited";
    readonly 4: "too-much-outstanding-data";
    readonly 5: "unacceptable-performance";
    readonly 6: "middlebox-interference";
};
export declare function flagsToNames(flags: number): {
    names: EndpointFlag[];
    rawFlags: number;
};
export declare function namesToFlags(names: readonly string[]): number;
