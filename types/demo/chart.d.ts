import type { Spec } from '../plot';
export interface Point {
    /** Seconds since the run began. */
    t: number;
    /** The act (1, 2, 3): lines break between acts. */
    act: number;
    /** 'path 1 (192.0.2.2)', …, or what the application read. */
    line: string;
    mbit: number;
}
export interface Mark {
    t: number;
    label: string;
    /** An act's beginning (solid rule, label on top) or an event within one (dashed). */
    kind: 'act' | 'event';
}
/** Per-path lines, the application's (dashed) on top; act and event marks as rules with labels. */
export declare function throughputChart(points: readonly Point[], marks: readonly Mark[], subtitle: string): Spec;
