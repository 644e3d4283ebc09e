// Runs the mptcp command inside a namespace and returns its exit code and output.
import path from 'node:path';
import type { Netns } from '../../dist/testing/netns.js';

export const cliPath = path.join(__dirname, '..', '..', 'dist', 'cli', 'cli.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(ns: Netns, ...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await ns.exec(process.execPath, cliPath, ...args);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
