// The harness side of a bench worker: a process that prints one JSON line
// when it is ready, then answers each JSON command written to its stdin with
// one JSON line, in order (bench/workers/serve.mjs is the other side).
// Workers are plain scripts started directly (through `ip netns exec`,
// `taskset`, `mptcpize run` as the case needs), so what is measured is a
// process doing only its own job.
import { spawn } from 'node:child_process';
import readline from 'node:readline';

export class Worker {
  /**
   * Starts `argv` and waits for its ready line (at most `readyMs`).
   * `name` is used in error messages.
   */
  static async start(argv, { name = argv.join(' '), cwd, readyMs = 20_000 } = {}) {
    const w = new Worker(argv, name, cwd);
    try {
      w.ready = await w.next(readyMs, 'to start');
    } catch (err) {
      w.child.kill('SIGKILL');
      throw err;
    }
    return w;
  }

  constructor(argv, name, cwd) {
    this.name = name;
    this.child = spawn(argv[0], argv.slice(1), { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.lines = [];
    this.waiting = null;
    this.stderr = '';
    this.exited = null;
    this.child.stderr.on('data', (d) => {
      // The tail is enough to explain a failure.
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    this.child.stdin.on('error', () => {}); // EPIPE when it died: reported through 'exit'
    readline.createInterface({ input: this.child.stdout }).on('line', (line) => {
      if (this.waiting) this.waiting.resolve(line);
      else this.lines.push(line);
    });
    this.child.on('exit', (code, signal) => {
      this.exited = { code, signal };
      this.waiting?.reject(this.failure(`exited (${signal ?? code})`));
    });
  }

  failure(what) {
    const tail = this.stderr.trim();
    return new Error(`worker ${this.name}: ${what}${tail ? `\n--- its stderr ---\n${tail}` : ''}`);
  }

  /** The next line from the worker, parsed; rejects after `ms`, on exit, or when it reports an error. */
  async next(ms, doing) {
    let line = this.lines.shift();
    if (line === undefined) {
      if (this.exited) throw this.failure(`exited (${this.exited.signal ?? this.exited.code})`);
      let timer;
      line = await new Promise((resolve, reject) => {
        this.waiting = { resolve, reject };
        timer = setTimeout(() => reject(this.failure(`no answer within ${ms} ms ${doing}`)), ms);
      }).finally(() => {
        clearTimeout(timer);
        this.waiting = null;
      });
    }
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      throw this.failure(`printed something that is not JSON: ${line.slice(0, 200)}`);
    }
    if (msg.error) throw this.failure(msg.error);
    return msg;
  }

  /** Sends one command and waits (at most `ms`) for its answer. */
  async request(command, ms = 60_000) {
    if (this.exited) throw this.failure('already exited');
    this.child.stdin.write(`${JSON.stringify(command)}\n`);
    return this.next(ms, `to ${JSON.stringify(command).slice(0, 120)}`);
  }

  /** Closes its stdin (the worker exits on that); kills it after `ms`. */
  async close(ms = 5_000) {
    if (this.exited) return;
    const gone = new Promise((r) => this.child.once('exit', r));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), ms);
    await gone;
    clearTimeout(timer);
  }
}
