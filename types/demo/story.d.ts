import type { Mark, Point } from './chart';
import { type Live } from './live';
export interface StoryOptions {
    live: Live;
    /** Multiplies the timed phases: 1 for people, less for tests. */
    scale: number;
    /** Mbit/s of path 1 and path 2. */
    rates: readonly [number, number];
    /** Said in the opening lines: how these namespaces came to be. */
    how: string;
}
export interface StoryResult {
    points: Point[];
    marks: Mark[];
    /** False if any act lost or changed a byte. */
    intact: boolean;
}
/** Builds the world, tells the story, takes the world down again. */
export declare function tell(options: StoryOptions): Promise<StoryResult>;
