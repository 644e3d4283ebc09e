/** This package's root directory (this file is dist/testing/stage.js). */
export declare const packageRoot: string;
/** A file or URL of a module, as an agent is given it. */
export type ModuleLocation = string | URL;
export interface PublicInstall {
    /** A package root another user can read: package.json, dist/, the addon, node_modules/node-gyp-build. */
    readonly root: string;
    /** A node binary another user can run. */
    readonly node: string;
    /** The modules asked for, as file URLs another user can read. */
    readonly modules: readonly string[];
    /** Removes the copy, if one was made. Idempotent. */
    dispose(): void;
}
/** A module location as a file path (relative paths from the working directory). */
export declare function modulePath(module: ModuleLocation): string;
/**
 * Whether a user who is neither the owner nor in the group can read `file`
 * (and run it, with `exec`): the "other" bits of the file and of every
 * directory above it, along the path given and the real one. ACLs are not
 * read, so this can say no where access would work; then a copy is made.
 */
export declare function readableByOthers(file: string, exec?: boolean): boolean;
/** This package, node and the modules where they are. */
export declare function inPlace(modules: readonly ModuleLocation[]): PublicInstall;
/**
 * What a process running as another user needs, where that user can read
 * it: in place when the checkout and node are open to everyone, else a
 * read-only copy. A module inside this package keeps its place relative
 * to the package (so `../../dist/…` imports still resolve) and a module
 * elsewhere goes to a directory of its own; either way, the .js, .mjs,
 * .cjs and .json files beside it come along (not subdirectories).
 */
export declare function publicInstall(modules?: readonly ModuleLocation[]): PublicInstall;
