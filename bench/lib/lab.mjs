// Where bench workers run. A private network namespace when this process may
// make one (root): settings are pinned there and nothing touches the host's
// own namespace. Loopback-only cases can also run in the host's namespace
// (without root); their settings are then only read and recorded.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Worker } from './worker.mjs';

export const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const workers = path.join(root, 'bench', 'workers');
const require = createRequire(import.meta.url);
export const netns = require(path.join(root, 'dist', 'testing', 'netns.js'));
const run = promisify(execFile);

/**
 * Settings every loopback lab gets. Not the congestion control: outside the
 * host's namespace only the algorithms in the host's
 * net.ipv4.tcp_allowed_congestion_control may be the default (EPERM
 * otherwise), so a case that cares sets it per socket, and the namespace's
 * default (inherited from the host) is recorded.
 */
const LOOPBACK_SYSCTLS = {
  // Tens of thousands of short connections from one address to one port.
  'net.ipv4.ip_local_port_range': '1024 65535',
  'net.ipv4.tcp_tw_reuse': '1',
  'net.core.somaxconn': '4096',
  'net.ipv4.tcp_max_syn_backlog': '4096',
};
const RECORDED = ['net.ipv4.tcp_congestion_control', 'net.mptcp.enabled', ...Object.keys(LOOPBACK_SYSCTLS)];

export class Lab {
  /**
   * @param ctx the run's context (node binary, core pinning)
   * @param ns a Netns, or null for the host's namespace
   */
  constructor(ctx, ns) {
    this.ctx = ctx;
    this.ns = ns;
    this.where = ns ? 'a private network namespace' : "the host's network namespace";
    this.started = new Set();
    this.sysctls = {};
  }

  /** A namespace with loopback only; the host's namespace when there can be none. */
  static async loopback(ctx) {
    if (!ctx.netns.ok) {
      const lab = new Lab(ctx, null);
      await lab.record();
      return lab;
    }
    const ns = await netns.Netns.create({ prefix: 'mptcp-bench' });
    try {
      await ns.sysctl(LOOPBACK_SYSCTLS);
    } catch (err) {
      await ns.destroy();
      throw err;
    }
    const lab = new Lab(ctx, ns);
    await lab.record();
    return lab;
  }

  async record() {
    for (const key of RECORDED) {
      try {
        this.sysctls[key] = (await run(...this.command(['sysctl', '-n', key]))).stdout.trim().replace(/\s+/g, ' ');
      } catch {
        this.sysctls[key] = null; // e.g. no MPTCP in this kernel
      }
    }
  }

  /** [file, args] for `cmd` in this lab, on core `cpu` ('client' | 'server' | undefined), under mptcpize or not. */
  command(cmd, { cpu, mptcpize = false } = {}) {
    const argv = [];
    if (this.ns) argv.push('ip', 'netns', 'exec', this.ns.name);
    const core = cpu && this.ctx.pin?.[cpu];
    if (core !== undefined && core !== null) argv.push('taskset', '-c', String(core));
    if (mptcpize) argv.push('mptcpize', 'run');
    argv.push(...cmd);
    return [argv[0], argv.slice(1)];
  }

  /** Runs a command to completion in this lab; its stdout. */
  async exec(cmd, opts = {}, timeoutMs = 60_000) {
    const [file, args] = this.command(cmd, opts);
    return (await run(file, args, { timeout: timeoutMs, maxBuffer: 16 << 20, encoding: 'utf8' })).stdout;
  }

  /** Starts bench/workers/`script` with this run's Node binary; stopped by stopWorkers() or destroy(). */
  async worker(script, args = [], { cpu, mptcpize = false, nodeArgs = [], name } = {}) {
    const [file, rest] = this.command([this.ctx.node, ...nodeArgs, path.join(workers, script), ...args], { cpu, mptcpize });
    const w = await Worker.start([file, ...rest], { name: name ?? `${script} ${args.join(' ')}`, cwd: root });
    this.started.add(w);
    return w;
  }

  async stopWorkers() {
    await Promise.all([...this.started].map((w) => w.close()));
    this.started.clear();
  }

  async destroy() {
    await this.stopWorkers();
    await this.ns?.destroy();
  }
}
