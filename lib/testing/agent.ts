// The agent process: `node agent.js MODULE_URL…`. It imports the modules
// (ES or CommonJS), then reads `{ id, call, args }` lines on stdin, runs the
// exported function `call` as `fn(ctx, ...args)` and writes
// `{ id, ok, value | error }` lines on fd 3. Only functions the modules
// export can run: nothing sent to the agent is ever evaluated as code.
// Exits when stdin closes.
import fs from 'node:fs';
import { createInterface } from 'node:readline';
import { createContext } from './context';
import { decode, encode, errorToWire } from './wire';

type AgentFunction = (...args: unknown[]) => unknown;

const out = fs.createWriteStream('', { fd: 3 });
const reply = (msg: unknown) => out.write(`${encode(msg)}\n`);

/** Every function the modules export, by name; a name exported twice is an error. */
async function load(urls: readonly string[]): Promise<Map<string, AgentFunction>> {
  const table = new Map<string, AgentFunction>();
  const from = new Map<string, string>();
  const add = (name: string, value: unknown, url: string) => {
    if (typeof value !== 'function' || name === 'default') return;
    const had = table.get(name);
    if (had === value) return;
    if (had) throw new Error(`${name} is exported by both ${from.get(name)} and ${url}`);
    table.set(name, value as AgentFunction);
    from.set(name, url);
  };
  for (const url of urls) {
    const ns = (await import(url)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(ns)) add(name, value, url);
    // A CommonJS module's exports that Node's static analysis missed are only on `default`.
    const cjs = ns.default;
    if (cjs && typeof cjs === 'object') for (const [name, value] of Object.entries(cjs)) add(name, value, url);
  }
  return table;
}

async function main(): Promise<void> {
  const urls = process.argv.slice(2);
  let functions: Map<string, AgentFunction>;
  try {
    functions = await load(urls);
  } catch (err) {
    reply({ ready: false, error: errorToWire(err) });
    out.end(() => process.exit(1));
    return;
  }
  const ctx = createContext();
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const { id, call, args } = decode(line) as { id: number; call: string; args: unknown[] };
    Promise.resolve()
      .then(() => {
        const fn = functions.get(call);
        if (!fn) throw new Error(`no function ${call} in ${urls.join(', ')} (they export ${[...functions.keys()].join(', ') || 'none'})`);
        return fn(ctx, ...args);
      })
      .then(
        // undefined has no JSON: the key is left out, and the caller sees undefined again
        (value) => reply(value === undefined ? { id, ok: true } : { id, ok: true, value }),
        (err: unknown) => reply({ id, ok: false, error: errorToWire(err) }),
      );
  });
  lines.on('close', () => {
    out.end(() => process.exit(0));
  });
  reply({ ready: true });
}

void main();
