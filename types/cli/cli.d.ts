#!/usr/bin/env node
import { type Endpoint } from '../pm/commands';
/** One endpoint as `ip mptcp endpoint show` prints it. */
export declare function formatEndpoint(e: Endpoint, names: Map<number, string>): string;
/** One event as `ip mptcp monitor` prints it. */
export declare function formatEvent(cmd: number, a: Record<string, unknown>): string;
export declare function main(argv: string[]): Promise<number>;
