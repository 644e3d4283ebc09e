# The anchor for the event-latency case: a raw-netlink reader of mptcp_pm
# events in Python, timing connect() to the CREATED event for N connections.
#   python3 event-latency.py N PORT   -> N latencies in ns on one line
import socket, struct, sys, time

N = int(sys.argv[1]); port = int(sys.argv[2])

def nla(t, v):
    l = 4 + len(v)
    return struct.pack('=HH', l, t) + v + b'\0' * ((4 - l % 4) % 4)

def attrs(b):
    out = {}; o = 0
    while o + 4 <= len(b):
        l, t = struct.unpack_from('=HH', b, o)
        if l < 4: break
        out[t & 0x3fff] = b[o + 4:o + l]; o += (l + 3) & ~3
    return out

# Resolve the genl family and its event group (CTRL_CMD_GETFAMILY), join the group.
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16); s.bind((0, 0))
body = struct.pack('=BBH', 3, 2, 0) + nla(2, b'mptcp_pm\0')
s.send(struct.pack('=IHHII', 16 + len(body), 0x10, 1, 1, 0) + body)
r = s.recv(65536); a = attrs(r[20:]); fam = struct.unpack('=H', a[1])[0]
grp = None; g = a[7]; o = 0
while o + 4 <= len(g):
    l, t = struct.unpack_from('=HH', g, o); inner = attrs(g[o + 4:o + l])
    if inner.get(1, b'').rstrip(b'\0') == b'mptcp_pm_events': grp = struct.unpack('=I', inner[2])[0]
    o += (l + 3) & ~3
s.setsockopt(270, 1, grp)  # SOL_NETLINK, NETLINK_ADD_MEMBERSHIP
s.settimeout(5)

out = []
for i in range(N):
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
    t0 = time.perf_counter_ns()
    c.connect(('127.0.0.1', port))
    for _ in range(1000):  # bounded: other connections' events are skipped
        m = s.recv(65536)
        if struct.unpack_from('=H', m, 4)[0] != fam or m[16] != 1: continue  # MPTCP_EVENT_CREATED
        ev = attrs(m[20:])
        if 18 in ev and ev[18] == b'\x01': continue  # the server side's CREATED
        if struct.unpack('>H', ev[9])[0] != c.getsockname()[1]: continue
        out.append(time.perf_counter_ns() - t0); break
    else:
        sys.exit('no CREATED event for connection %d' % i)
    c.close()
print(' '.join(map(str, out)))
