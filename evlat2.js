const mptcp = require('/work/main/dist/index.js');
const { NetlinkSocket } = require('/work/main/dist/netlink/socket.js');
let tPoll = 0n;
const origOnPoll = NetlinkSocket.prototype.onPoll;
NetlinkSocket.prototype.onPoll = function (...a) { if (!tPoll) tPoll = process.hrtime.bigint(); return origOnPoll.apply(this, a); };
(async () => {
  const port = 9555;
  const ev = mptcp.pm.events(); await ev.ready;
  const rows = [];
  for (let i = 0; i < 400; i++) {
    tPoll = 0n;
    const t0 = process.hrtime.bigint();
    const s = mptcp.connect(port, '127.0.0.1'); s.on('error', () => {});
    const tRet = process.hrtime.bigint();
    let tConn = 0n; s.once('connect', () => { tConn = process.hrtime.bigint(); });
    const tEv = await new Promise((r) => { const on = (e) => { if (e.serverSide) return; ev.off('created', on); r(process.hrtime.bigint()); }; ev.on('created', on); });
    rows.push([Number(tRet - t0), Number(tPoll - t0), Number(tEv - t0), tConn ? Number(tConn - t0) : -1]);
    await new Promise((r) => (s.connecting ? s.once('connect', r) : r())); s.destroy();
    await new Promise((r) => setTimeout(r, 2));
  }
  const med = (k) => rows.map((r) => r[k]).sort((a, b) => a - b)[rows.length >> 1] / 1000;
  console.log('connect() returns', med(0), 'µs; onPoll', med(1), 'µs; CREATED', med(2), 'µs; connect event (if before)', med(3));
  ev.close();
})();
