// What the figures were taken on, for the JSON and the report.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function read(file) {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
}

function quiet(cmd, args, cwd) {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function version(root, pkg) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

export function machine(root, nodePath) {
  const cpuinfo = read('/proc/cpuinfo') ?? '';
  const dist = path.join(root, 'dist', 'index.js');
  return {
    cpu: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    arch: process.arch,
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    kernel: os.release(),
    node: quiet(nodePath, ['-v']) ?? 'unknown',
    nodePath,
    congestionControl: read('/proc/sys/net/ipv4/tcp_congestion_control'),
    mptcpEnabled: read('/proc/sys/net/mptcp/enabled'),
    loadavgStart: os.loadavg(),
    git: {
      commit: quiet('git', ['rev-parse', 'HEAD'], root) ?? 'unknown',
      dirty: (quiet('git', ['status', '--porcelain', '--', 'lib', 'src'], root) ?? '') !== '',
    },
    dist: { builtAt: fs.existsSync(dist) ? fs.statSync(dist).mtime.toISOString() : null },
    tools: {
      mptcpize: quiet('dpkg-query', ['-W', '-f', '${Version}', 'mptcpize']),
      python: quiet('python3', ['-c', 'import sys; print(sys.version.split()[0])']),
      autocannon: version(root, 'autocannon'),
      vega: version(root, 'vega'),
      'vega-lite': version(root, 'vega-lite'),
    },
  };
}
