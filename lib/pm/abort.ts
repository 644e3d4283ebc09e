// Closing one subflow at once, with either path manager: sock_diag
// SOCK_DESTROY (what `ss -K` sends). The kernel aborts the TCP socket (a RST
// on the path, MPTcpExtMPRstTx), and the MPTCP connection closes the
// subflow and sends its unacknowledged data again on the others
// (__mptcp_retransmit_pending_data) instead of waiting for retransmission
// timeouts. Needs CAP_NET_ADMIN and CONFIG_INET_DIAG_DESTROY (EOPNOTSUPP
// without it). Closing the last subflow of a connection closes the connection.
import { hasErrno } from '../errors';
import type { AddressInfo } from '../kernel/sockaddr';
import { DiagSocketClient } from '../netlink/diag';
import type { NetworkView } from './network';

/** SOCK_DESTROY of the subflow from `local` to `remote`: first as unbound, then bound to the device holding `local`. */
export async function abortSubflow(local: AddressInfo, remote: AddressInfo, network: NetworkView | null): Promise<void> {
  const client = DiagSocketClient.open();
  try {
    const target = {
      family: local.family,
      localAddress: local.address,
      localPort: local.port,
      remoteAddress: remote.address,
      remotePort: remote.port,
    };
    try {
      await client.destroy(target);
    } catch (err) {
      // A subflow of an endpoint with `dev` is bound to it, and is found only with its ifindex.
      const link = network?.linkOf(local.address);
      if (!hasErrno(err, 'ENOENT') || !link) throw err;
      await client.destroy({ ...target, ifindex: link.index });
    }
  } finally {
    client.close();
  }
}
