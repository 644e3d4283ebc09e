// A server in a process of its own: echoes what it receives, ends when the
// peer ends.   node echo-server.mjs --module net|mptcp [--host 127.0.0.1]
import net from 'node:net';
import { arg, loadMptcp, serve } from './serve.mjs';

const mod = arg('module', 'net') === 'mptcp' ? loadMptcp() : net;
const server = mod.createServer((c) => {
  c.on('data', (d) => c.write(d));
  c.on('error', () => {});
});
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen({ port: 0, host: arg('host', '127.0.0.1'), backlog: 4096 }, resolve);
});
serve({ port: server.address().port }, {});
