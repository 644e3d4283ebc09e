// An http.Server answering every request with a small body.
//   node http-server.mjs --how node|listen
//   node:    web.listen() (node:net; under mptcpize or `--import mptcp/register` too)
//   listen:  mptcp.listen(web, …)
import http from 'node:http';
import { arg, cpuSeconds, loadMptcp, serve } from './serve.mjs';

const mptcp = loadMptcp();
const how = arg('how', 'node');
const body = Buffer.from('hello from a multipath benchmark\n');
const headers = { 'content-type': 'text/plain', 'content-length': String(body.length) };

const web = http.createServer((req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});
web.keepAliveTimeout = 30_000;

// What the connections really are: the first one after each 'mark' is checked.
let connections = 0;
let multipath = null;
web.on('connection', (socket) => {
  connections++;
  if (multipath === null) multipath = mptcp.isMultipath(socket);
});

const where = { port: 0, host: '127.0.0.1', backlog: 4096 };
if (how !== 'node' && how !== 'listen') throw new Error(`--how ${how}?`);
await new Promise((resolve, reject) => {
  web.once('error', reject);
  if (how === 'listen') mptcp.listen(web, where, resolve);
  else web.listen(where, resolve);
});

let cpu = process.cpuUsage();
serve(
  { port: web.address().port },
  {
    mark() {
      connections = 0;
      multipath = null;
      cpu = process.cpuUsage();
      return {};
    },
    stats: () => ({ connections, multipath, cpuSeconds: cpuSeconds(cpu) }),
  },
);
