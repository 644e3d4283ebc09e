// sock_diag (what `ss -M` and `ss -ti` read): every MPTCP connection of this
// network namespace with its struct mptcp_info, and every TCP subflow with
// its tcp_info and MPTCP ULP attributes, grouped by connection token.
// Subflow attributes need CAP_NET_ADMIN; connections do not.
import { IPPROTO_MPTCP, IPPROTO_TCP } from '../kernel/constants';
import { readU32, writeU32 } from '../kernel/bytes';
import { formatIpv4, formatIpv6 } from '../kernel/sockaddr';
import { decodeMptcpInfo, decodeTcpInfo } from '../kernel/decoders';
import type { MptcpInfo, TcpInfo } from '../kernel/structs';
import { decodeAttrs, encodeAttrs, NetlinkParseError, splitAttrs, type AttrSet } from './attributes';
import { NETLINK_SOCK_DIAG, NLM_F_DUMP, NetlinkSocket, type NetlinkMessage } from './socket';

const SOCK_DIAG_BY_FAMILY = 20;
const INET_DIAG_INFO = 2;
const INET_DIAG_ULP_INFO = 19;
const INET_ULP_INFO_NAME = 1;
const INET_ULP_INFO_MPTCP = 3;
const REQ_LEN = 56;
const MSG_LEN = 72;
const AF_INET = 2;
const AF_INET6 = 10;

const REQ_ATTRS: AttrSet = { protocol: { id: 3, type: 'u32' } }; // INET_DIAG_REQ_PROTOCOL

/** MPTCP_SUBFLOW_ATTR_* (the subflow's ULP info). */
const SUBFLOW_ATTRS: AttrSet = {
  tokenRem: { id: 1, type: 'u32' },
  tokenLoc: { id: 2, type: 'u32' },
  relwriteSeq: { id: 3, type: 'u32' },
  mapSeq: { id: 4, type: 'u64' },
  mapSfseq: { id: 5, type: 'u32' },
  ssnOffset: { id: 6, type: 'u32' },
  mapDatalen: { id: 7, type: 'u16' },
  flags: { id: 8, type: 'u32' },
  idRem: { id: 9, type: 'u8' },
  idLoc: { id: 10, type: 'u8' },
};

/** MPTCP_SUBFLOW_FLAG_* as `ss` prints them. */
export const SUBFLOW_FLAGS = [
  ['M', 1 << 0, 'mp_capable remote'],
  ['m', 1 << 1, 'mp_capable local'],
  ['J', 1 << 2, 'join remote'],
  ['j', 1 << 3, 'join local'],
  ['B', 1 << 4, 'backup remote'],
  ['b', 1 << 5, 'backup local'],
  ['e', 1 << 6, 'fully established'],
  ['c', 1 << 7, 'connected'],
  ['v', 1 << 8, 'map valid'],
] as const;

/** TCP states, as `ss` names them. */
export const STATES: Record<number, string> = {
  1: 'ESTAB',
  2: 'SYN-SENT',
  3: 'SYN-RECV',
  4: 'FIN-WAIT-1',
  5: 'FIN-WAIT-2',
  6: 'TIME-WAIT',
  7: 'UNCONN',
  8: 'CLOSE-WAIT',
  9: 'LAST-ACK',
  10: 'LISTEN',
  11: 'CLOSING',
};

export interface DiagSocket {
  family: 'IPv4' | 'IPv6';
  state: number;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  ifindex: number;
  inode: number;
  uid: number;
}

export interface DiagConnection extends DiagSocket {
  info: MptcpInfo;
}

export interface DiagSubflow extends DiagSocket {
  tcpInfo: TcpInfo;
  localToken: number;
  remoteToken: number;
  localId: number;
  remoteId: number;
  /** MPTCP_SUBFLOW_FLAG_* bits; `flagLetters` as ss prints them ("Mmec", "Jjec", …). */
  flags: number;
  flagLetters: string;
  /** This host asked the peer to treat the subflow as backup (endpoint flag, MP_PRIO sent): ss's "b". */
  localBackup: boolean;
  /** The peer asked for it (B bit in its MP_JOIN, or MP_PRIO received): ss's "B", the events' BACKUP. */
  remoteBackup: boolean;
}

function request(family: number, protocol: number, states: number): Buffer {
  const head = Buffer.alloc(REQ_LEN);
  head.writeUInt8(family, 0);
  head.writeUInt8(protocol, 1);
  head.writeUInt8(1 << (INET_DIAG_INFO - 1), 2);
  writeU32(head, 4, states);
  return head;
}

function ip(family: number, buf: Buffer, offset: number): string {
  return family === AF_INET ? formatIpv4(buf, offset) : formatIpv6(buf.subarray(offset, offset + 16));
}

function parseSocket(m: NetlinkMessage): { sock: DiagSocket; attrs: Buffer } {
  const p = m.payload;
  if (p.length < MSG_LEN) throw new NetlinkParseError('truncated inet_diag_msg');
  const family = p.readUInt8(0);
  const u32 = (o: number) => readU32(p, o);
  return {
    sock: {
      family: family === AF_INET6 ? 'IPv6' : 'IPv4',
      state: p.readUInt8(1),
      localPort: p.readUInt16BE(4),
      remotePort: p.readUInt16BE(6),
      localAddress: ip(family, p, 8),
      remoteAddress: ip(family, p, 24),
      ifindex: u32(40),
      uid: u32(64),
      inode: u32(68),
    },
    attrs: p.subarray(MSG_LEN),
  };
}

function attrOf(attrs: Buffer, type: number): Buffer | undefined {
  return splitAttrs(attrs).find((a) => a.type === type)?.value;
}

const ALL_STATES = (0xffffffff & ~(1 << 10)) >>> 0; // everything but listeners

export class DiagSocketClient {
  private constructor(private readonly sock: NetlinkSocket) {}

  static open(): DiagSocketClient {
    return new DiagSocketClient(NetlinkSocket.open(NETLINK_SOCK_DIAG));
  }

  /** MPTCP connections (not listeners) with their mptcp_info. */
  async connections(): Promise<DiagConnection[]> {
    const out: DiagConnection[] = [];
    for (const family of [AF_INET, AF_INET6]) {
      const payload = Buffer.concat([request(family, IPPROTO_TCP, ALL_STATES), encodeAttrs(REQ_ATTRS, { protocol: IPPROTO_MPTCP })]);
      for (const m of await this.sock.request(SOCK_DIAG_BY_FAMILY, NLM_F_DUMP, payload)) {
        if (m.type !== SOCK_DIAG_BY_FAMILY) continue;
        const { sock, attrs } = parseSocket(m);
        const raw = attrOf(attrs, INET_DIAG_INFO);
        out.push({ ...sock, info: raw ? decodeMptcpInfo(raw, raw.length) : {} });
      }
    }
    return out;
  }

  /** TCP sockets that are MPTCP subflows, with tcp_info and their ULP attributes. */
  async subflows(): Promise<DiagSubflow[]> {
    const out: DiagSubflow[] = [];
    for (const family of [AF_INET, AF_INET6]) {
      for (const m of await this.sock.request(SOCK_DIAG_BY_FAMILY, NLM_F_DUMP, request(family, IPPROTO_TCP, ALL_STATES))) {
        if (m.type !== SOCK_DIAG_BY_FAMILY) continue;
        const { sock, attrs } = parseSocket(m);
        const ulp = attrOf(attrs, INET_DIAG_ULP_INFO);
        if (!ulp) continue;
        const name = attrOf(ulp, INET_ULP_INFO_NAME);
        const mptcp = attrOf(ulp, INET_ULP_INFO_MPTCP);
        if (!name || name.toString('utf8').replace(/\0.*$/, '') !== 'mptcp' || !mptcp) continue;
        const a = decodeAttrs(SUBFLOW_ATTRS, mptcp);
        const flags = (a.flags as number | undefined) ?? 0;
        const raw = attrOf(attrs, INET_DIAG_INFO);
        out.push({
          ...sock,
          tcpInfo: raw ? decodeTcpInfo(raw, raw.length) : {},
          localToken: (a.tokenLoc as number | undefined) ?? 0,
          remoteToken: (a.tokenRem as number | undefined) ?? 0,
          localId: (a.idLoc as number | undefined) ?? 0,
          remoteId: (a.idRem as number | undefined) ?? 0,
          flags,
          flagLetters: SUBFLOW_FLAGS.filter(([, bit]) => flags & bit)
            .map(([l]) => l)
            .join(''),
          localBackup: (flags & (1 << 5)) !== 0,
          remoteBackup: (flags & (1 << 4)) !== 0,
        });
      }
    }
    return out;
  }

  close(): void {
    this.sock.close();
  }
}
