'use strict';
// npm run test:asan loads this into every node process of its run
// (NODE_OPTIONS=--require). The sanitizer runtimes are preloaded (LD_PRELOAD)
// into node, which needs them first in line for the instrumented addon; the
// other programs the tests start (curl, sysctl, nginx, iperf3…) must not get
// them: curl, for one, hangs at start under a preloaded ASan runtime. So a
// child keeps LD_PRELOAD only when it is this node, or runs it
// (ip netns exec NS node …). Patched where every spawn passes, sync or not:
// the process_wrap and spawn_sync bindings, which get the final envPairs.
const node = process.execPath;

function filter(options) {
  const runsNode = options.file === node || (Array.isArray(options.args) && options.args.includes(node));
  if (!runsNode && Array.isArray(options.envPairs)) {
    options.envPairs = options.envPairs.filter((e) => !e.startsWith('LD_PRELOAD='));
  }
  return options;
}

const spawnSync = process.binding('spawn_sync');
const syncSpawn = spawnSync.spawn;
spawnSync.spawn = function spawn(options) {
  return syncSpawn.call(this, filter(options));
};
const { Process } = process.binding('process_wrap');
const asyncSpawn = Process.prototype.spawn;
Process.prototype.spawn = function spawn(options) {
  return asyncSpawn.call(this, filter(options));
};

// In vitest's own process: vitest stops a worker with SIGTERM and, 500 ms
// later, SIGKILL. A worker's exit runs LeakSanitizer, which scans its heap and
// can take longer than that: its report was cut off. Give it up to a minute.
if (/[\\/]vitest\.mjs$/.test(process.argv[1] ?? '')) {
  const { ChildProcess } = require('node:child_process');
  const kill = ChildProcess.prototype.kill;
  ChildProcess.prototype.kill = function killLater(signal) {
    if (signal !== 'SIGKILL' || this.exitCode !== null || this.signalCode !== null) return kill.call(this, signal);
    const timer = setTimeout(() => kill.call(this, 'SIGKILL'), 60_000);
    timer.unref();
    this.once('exit', () => clearTimeout(timer));
    return true;
  };
}
