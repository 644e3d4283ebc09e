// Cost per call of the functions that tell what a connection is.
import { Lab } from '../lib/lab.mjs';
import { rotate } from '../lib/case.mjs';

export const name = 'calls';
export const title = 'Cost per call';
export const about = `\`mptcp.info()\`, \`mptcp.subflows()\`, \`mptcp.isMultipath()\` on an established MPTCP loopback connection of this
package (both ends in one process), many calls in a tight loop per round. For scale, the ratios are to one getsockname()
through node's own TCP handle (\`socket._handle.getsockname()\`: one system call from JavaScript, no decoding;
\`socket.address()\` would not do, node caches its answer).`;
export const minRounds = 5;
export const needs = ['mptcp'];

export const metrics = [{ key: 'usPerCall', label: 'µs/call', unit: 'µs', better: 'lower', digits: 2 }];

export const variants = [
  { id: 'info', label: 'mptcp.info(socket)' },
  { id: 'subflows', label: 'mptcp.subflows(socket)' },
  { id: 'isMultipath', label: 'mptcp.isMultipath(socket)' },
  { id: 'getsockname', label: 'getsockname via node (for scale)' },
];

export const ratios = ['info', 'subflows', 'isMultipath'].map((id) => ({
  label: `${id}() ÷ getsockname`,
  metric: 'usPerCall',
  num: id,
  den: 'getsockname',
  target: null,
}));

export async function setup(ctx) {
  const iterations = ctx.size({ full: 200_000, quick: 20_000, tiny: 2_000 });
  const lab = await Lab.loopback(ctx);
  try {
    const worker = await lab.worker('calls.mjs', [], { cpu: 'client' });
    for (const v of ctx.active) await worker.request({ op: 'run', fn: v.id, iterations }); // warm-up: JIT
    return {
      settings: { iterations, where: lab.where, pinning: ctx.pinning },
      async run(round) {
        const samples = [];
        for (const v of rotate(ctx.active, round)) {
          const r = await worker.request({ op: 'run', fn: v.id, iterations }, 30_000);
          samples.push({ variant: v.id, metrics: { usPerCall: r.us }, detail: { iterations: r.iterations } });
        }
        return samples;
      },
      teardown: () => lab.destroy(),
    };
  } catch (err) {
    await lab.destroy();
    throw err;
  }
}
