import net from 'node:net';
import type { MultipathMode } from '../net/state';
export interface Policy {
    servers: MultipathMode;
    clients: MultipathMode;
    /** null: every destination. */
    hosts: HostRules | null;
    debug: boolean;
}
export interface HostRules {
    /** Exact names, lower case. */
    names: Set<string>;
    /** "*.example.test" as ".example.test". */
    suffixes: string[];
    /** Addresses and subnets; null when the list has none. */
    addresses: net.BlockList | null;
}
/** Reads the policy; throws an Error naming the variable when a value is bad. */
export declare function policyFromEnv(env?: NodeJS.ProcessEnv): Policy;
/** Whether an IP address is in the host list's addresses. */
export declare function addressAllowed(rules: HostRules, address: string): boolean;
/** Whether a host name is in the host list's names or suffixes. */
export declare function nameAllowed(rules: HostRules, host: string): boolean;
