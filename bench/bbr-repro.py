#!/usr/bin/env python3
"""MPTCP bulk transfer stalls for 200 ms at a time on a fast path (Linux 6.18).

What it shows
-------------
Two network namespaces joined by one unshaped veth (TEST-NET 192.0.2.0/24), one
Python sender and one Python receiver, plain blocking sockets, 128 KiB writes,
nothing tuned. Each run sends for a few seconds and prints the goodput, the
sender's MPTcpExtMPTCPRetrans and the receiver's MPTcpExtDuplicateData, and the
stalls: gaps of more than 50 ms in which MPTCP_INFO's snd_una (the DATA_ACK)
did not move, sampled every 5 ms by the sender, with what was outstanding at
the first one. Runs alternate: TCP and MPTCP with the namespace default
congestion control (BBR on the machine this was written on), with cubic set
before connect(), and MPTCP with cubic set once connected.

On Linux 6.18.44 under BBR, with --busy 2 (two CPU burners on 2 cores), MPTCP
ran at 0.15-0.5 of TCP (0.8-0.9 on an idle machine; Node.js sockets, which
cost more CPU per byte, at 0.02-0.2): every few MB the DATA_ACK stops for one
MPTCP retransmission timeout (TCP_RTO_MIN, 200 ms), then moves again after a
retransmission that the receiver counts as duplicate data (the two counters
match). During a stall every byte sent is TCP-acked on the subflow ("0 segments
not TCP-acked") and is in the receiver's MPTCP socket; only the DATA_ACK (and
the window edge) the sender last saw is stale: the receiver's last ACKs were
sent while the data sat in its backlog (the reader held the msk lock), so they
carried the old DATA_ACK, and mptcp_release_cb()'s `mptcp_cleanup_rbuf(msk, 0)`
("notify ack seq update") sends nothing when the subflow has no ACK pending.
The sender, out of send buffer or window, has nothing it may send and sends no
window probe (snd_una != snd_nxt), so only the retransmission timer ends it.

BBR's internal pacing (no fq here) is what makes it constant: it keeps the
flight short, so nothing is in flight to carry a fresh DATA_ACK once the
receiver catches up. Cubic set before connect() stalls far less; cubic set once
connected (BBR's init has turned pacing on by then, and it stays on) is nearly
as slow as BBR. Related upstream reports: multipath-tcp/mptcp_net-next#211
("mptcp_cleanup_rbuf() ... does not push needed ack"), #437 (BBR hurts MPTCP).
`--trace` adds the subflow's packets around the first stall (tcp:tcp_probe, in
a private tracefs instance mounted in a private mount namespace).

Usage (root; creates and deletes its own namespaces; touches nothing else):
    python3 bench/bbr-repro.py [--seconds 3] [--rounds 3] [--write 131072] [--busy 2] [--trace]
"""
import argparse
import os
import re
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time

IPPROTO_MPTCP = 262
SOL_MPTCP = 284
MPTCP_INFO = 1
PORT = 5201
SERVER, CLIENT = '192.0.2.1', '192.0.2.2'


def sh(*cmd, check=True, **kw):
    return subprocess.run(cmd, check=check, capture_output=True, text=True, timeout=60, **kw)


def mptcp_counter(ns, name):
    """A MPTcpExt counter of namespace ns, e.g. 'MPTCPRetrans'."""
    lines = sh('ip', 'netns', 'exec', ns, 'cat', '/proc/net/netstat').stdout.split('\n')
    for head, vals in zip(lines[0::2], lines[1::2]):
        keys, nums = head.split(), vals.split()
        if keys and keys[0] == 'MPTcpExt:' and name in keys:
            return int(nums[keys.index(name)])
    return 0


# ---- roles, run inside a namespace -----------------------------------------

def serve():
    """Receiver: one connection at a time; counts bytes, answers the count."""
    lst = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_MPTCP)
    lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lst.bind(('0.0.0.0', PORT))
    lst.listen(8)
    lst.settimeout(300)
    print('ready', flush=True)
    while True:
        conn, _ = lst.accept()
        conn.settimeout(60)
        n = 0
        while True:
            data = conn.recv(1 << 20)
            if not data:
                break
            n += len(data)
        conn.sendall(struct.pack('!Q', n))
        conn.close()


def mptcp_state(s):
    """(snd_una, write_seq) from MPTCP_INFO and tcpi_unacked of the subflow, or None on plain TCP."""
    try:
        info = s.getsockopt(SOL_MPTCP, MPTCP_INFO, 96)
        tcp = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
    except OSError:
        return None
    write_seq, snd_una = struct.unpack_from('=QQ', info, 16)
    return snd_una, write_seq, struct.unpack_from('=I', tcp, 24)[0]


def send(proto, cc, seconds, write):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_MPTCP if proto == 'mptcp' else 0)
    before, _, after = cc.partition('>')  # 'default>cubic': cubic set once connected
    if before != 'default':
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, before.encode())
    s.settimeout(60)
    s.connect((SERVER, PORT))
    if after:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, after.encode())
    used_cc = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, 16).rstrip(b'\0').decode()
    stalls, details, done = [], [], threading.Event()

    def watch():  # the DATA_ACK over time, from another thread
        last, since, seen = mptcp_state(s), time.monotonic(), None
        while not done.wait(0.005):
            now, state = time.monotonic(), mptcp_state(s)
            if state is None:
                return
            if state[0] != last[0]:
                if now - since > 0.05:
                    stalls.append(f'{(now - since) * 1000:.0f}')
                last, since, seen = state, now, None
            elif now - since > 0.05 and seen is None:
                seen = state  # stalled: what is outstanding at each level
                details.append(f'{(state[1] - state[0]) / 1e6:.1f} MB not DATA_ACKed, '
                               f'{state[2]} segments not TCP-acked')

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    buf = b'\0' * write
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        s.sendall(buf)
    s.shutdown(socket.SHUT_WR)
    count = struct.unpack('!Q', s.recv(8))[0]
    elapsed = time.monotonic() - t0
    done.set()
    watcher.join()
    s.close()
    print(f'{count * 8 / elapsed / 1e6:.0f} {used_cc} {",".join(stalls) or "-"} {details[0] if details else ""}', flush=True)


# ---- the driver, in the host's namespace -------------------------------------

def trace_run(run):
    """One MPTCP run under a private tracefs instance: the subflow's packets around the first stall."""
    script = f'''
mount -t tracefs nodev /mnt || exit 1
I=/mnt/instances/bbr-repro-$$; mkdir $I || exit 1
echo 32768 > $I/buffer_size_kb
echo "sport == {PORT} || dport == {PORT}" > $I/events/tcp/tcp_probe/filter
echo 1 > $I/events/tcp/tcp_probe/enable
echo 1 > $I/tracing_on
{run}
echo 0 > $I/tracing_on
cat $I/trace
rmdir $I
'''
    out = subprocess.run(['unshare', '-m', 'sh', '-c', script], capture_output=True, text=True, timeout=120).stdout
    probes = []
    for line in out.split('\n'):
        m = re.search(r'\s(\d+\.\d+): tcp_probe: .*src=(\S+) dest=(\S+) .*data_len=(\d+) snd_nxt=(\w+) snd_una=(\w+)', line)
        if m:
            if m.group(2).endswith(f':{PORT}'):
                text = f'receiver: {m.group(4)} bytes of data'
            else:
                text = f'sender: an ACK; {(int(m.group(5), 16) - int(m.group(6), 16)) & 0xffffffff} bytes were not TCP-acked before it'
            probes.append((float(m.group(1)), text))
    print('  --trace (tcp:tcp_probe, both ends of the subflow), around the first gap > 150 ms:')
    for i, (a, b) in enumerate(zip(probes, probes[1:])):
        if b[0] - a[0] > 0.15:
            for t, text in probes[max(0, i - 5):i + 1]:
                print(f'    {1000 * (t - a[0]):8.2f} ms  {text}')
            print(f'    ... nothing for {1000 * (b[0] - a[0]):.0f} ms ...')
            for t, text in probes[i + 1:i + 4]:
                print(f'    {1000 * (t - a[0]):8.2f} ms  {text}')
            return
    print('    no gap in this run')


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--seconds', type=float, default=3)
    p.add_argument('--rounds', type=int, default=3)
    p.add_argument('--write', type=int, default=128 * 1024)
    p.add_argument('--busy', type=int, default=0, help='processes that only burn CPU during the runs '
                   '(the stalls are much more frequent on a loaded machine)')
    p.add_argument('--trace', action='store_true')
    p.add_argument('--role', choices=['serve', 'send'], help=argparse.SUPPRESS)
    p.add_argument('--proto', default='mptcp', help=argparse.SUPPRESS)
    p.add_argument('--cc', default='default', help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.role == 'serve':
        return serve()
    if a.role == 'send':
        return send(a.proto, a.cc, a.seconds, a.write)
    if os.geteuid() != 0:
        sys.exit('needs root (network namespaces)')
    tag = f'{os.getpid()}-{os.urandom(2).hex()}'
    sns, cns = f'bbr-repro-srv-{tag}', f'bbr-repro-cli-{tag}'
    server, burners = None, []
    try:
        for ns in (sns, cns):
            sh('ip', 'netns', 'add', ns)
            sh('ip', '-n', ns, 'link', 'set', 'lo', 'up')
            sh('ip', 'netns', 'exec', ns, 'sysctl', '-qw', 'net.mptcp.enabled=1')
        sh('ip', '-n', sns, 'link', 'add', 'veth-s', 'type', 'veth', 'peer', 'name', 'veth-c', 'netns', cns)
        sh('ip', '-n', sns, 'addr', 'add', f'{SERVER}/24', 'dev', 'veth-s')
        sh('ip', '-n', cns, 'addr', 'add', f'{CLIENT}/24', 'dev', 'veth-c')
        sh('ip', '-n', sns, 'link', 'set', 'veth-s', 'up')
        sh('ip', '-n', cns, 'link', 'set', 'veth-c', 'up')
        default_cc = sh('ip', 'netns', 'exec', cns, 'sysctl', '-n', 'net.ipv4.tcp_congestion_control').stdout.strip()
        me = os.path.abspath(__file__)
        server = subprocess.Popen(['ip', 'netns', 'exec', sns, sys.executable, me, '--role', 'serve'],
                                  stdout=subprocess.PIPE, text=True)
        if server.stdout.readline().strip() != 'ready':
            sys.exit('the receiver did not start')
        print(f'kernel {os.uname().release}, default congestion control {default_cc}, '
              f'{a.seconds:g} s per run, {a.write} B writes, {a.busy} CPU burners, '
              f'load average {open("/proc/loadavg").read().split()[0]}')
        limit = (a.rounds * 4 * (a.seconds + 2)) + 30
        burn = f'import time\nt = time.time() + {limit}\nwhile time.time() < t: pass'
        burners = [subprocess.Popen([sys.executable, '-c', burn]) for _ in range(a.busy)]
        variants = [('tcp', 'default'), ('mptcp', 'default'), ('tcp', 'cubic'), ('mptcp', 'cubic'), ('mptcp', 'default>cubic')]
        results = {v: [] for v in variants}
        first_stall = None
        for r in range(a.rounds):
            for proto, cc in variants[r % len(variants):] + variants[:r % len(variants)]:
                before = (mptcp_counter(cns, 'MPTCPRetrans'), mptcp_counter(sns, 'DuplicateData'))
                out = sh('ip', 'netns', 'exec', cns, sys.executable, me, '--role', 'send', '--proto', proto,
                         '--cc', cc, '--seconds', str(a.seconds), '--write', str(a.write)).stdout.split(' ', 3)
                retrans = mptcp_counter(cns, 'MPTCPRetrans') - before[0]
                dup = mptcp_counter(sns, 'DuplicateData') - before[1]
                stalls = [] if out[2] == '-' else out[2].split(',')
                if stalls:
                    first_stall = out[3].strip()
                results[(proto, cc)].append(float(out[0]))
                print(f'{proto:5} {cc:13} {out[1]:5} {float(out[0]):8.0f} Mbit/s  MPTCPRetrans {retrans:3}  '
                      f'DuplicateData {dup:3}  DATA_ACK stalls > 50 ms: {len(stalls)}'
                      + (f' ({", ".join(stalls[:6])}{" ..." if len(stalls) > 6 else ""} ms)' if stalls else ''))
        if first_stall:
            print(f'in a stall (the first seen): {first_stall}')
        print('medians:')
        med = {v: statistics.median(x) for v, x in results.items()}
        for (proto, cc), m in med.items():
            print(f'  {proto:5} {cc:13} {m:8.0f} Mbit/s')
        print(f'  MPTCP / TCP: default cc {med[("mptcp", "default")] / med[("tcp", "default")]:.2f}, '
              f'cubic {med[("mptcp", "cubic")] / med[("tcp", "cubic")]:.2f}, '
              f'cubic once connected / TCP default cc {med[("mptcp", "default>cubic")] / med[("tcp", "default")]:.2f}')
        if a.trace:
            trace_run(f'ip netns exec {cns} {sys.executable} {me} --role send --proto mptcp '
                      f'--cc default --seconds 2 --write {a.write} > /dev/null')
    finally:
        for b in burners:
            b.kill()
            b.wait()
        if server:
            server.kill()
            server.wait()
        for ns in (sns, cns):
            subprocess.run(['ip', 'netns', 'del', ns], capture_output=True)


if __name__ == '__main__':
    main()
