// The running kernel's version, for the few places where a probe cannot
// tell (SOL_MPTCP before 5.16 fails the same way on every socket).
import os from 'node:os';

export interface KernelVersion {
  readonly release: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

let cached: KernelVersion | undefined;

export function kernelVersion(): KernelVersion {
  if (cached) return cached;
  const release = os.release();
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(release);
  cached = {
    release,
    major: m ? Number(m[1]) : 0,
    minor: m ? Number(m[2]) : 0,
    patch: m && m[3] ? Number(m[3]) : 0,
  };
  return cached;
}

/** True on Linux at or above major.minor. */
export function kernelAtLeast(major: number, minor: number): boolean {
  if (process.platform !== 'linux') return false;
  const v = kernelVersion();
  return v.major > major || (v.major === major && v.minor >= minor);
}
