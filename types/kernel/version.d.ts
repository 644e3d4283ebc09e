export interface KernelVersion {
    readonly release: string;
    readonly major: number;
    readonly minor: number;
    readonly patch: number;
}
export declare function kernelVersion(): KernelVersion;
/** True on Linux at or above major.minor. */
export declare function kernelAtLeast(major: number, minor: number): boolean;
