// Steering one connection from the app: mark the subflows from a local
// address as backup (or active). Per connection this needs the userspace
// path manager (net.mptcp.path_manager=userspace); with the in-kernel one,
// backup is a property of an endpoint, shared by every connection using it
// (pm.setEndpointFlags).
import fs from 'node:fs';
import net from 'node:net';
import { invalidArgType, invalidArgValue, mptcpUnavailable } from '../errors';
import { info, subflows } from '../net/info';
import { defaultPathManager, PathManagerError } from './commands';

/** The path manager of this network namespace: 'kernel' or 'userspace' (null if unknown). */
export function pathManagerMode(): 'kernel' | 'userspace' | null {
  try {
    const v = fs.readFileSync('/proc/sys/net/mptcp/path_manager', 'utf8').trim();
    if (v === 'kernel' || v === 'userspace') return v;
  } catch {
    // before 6.15: pm_type
  }
  try {
    const t = fs.readFileSync('/proc/sys/net/mptcp/pm_type', 'utf8').trim();
    return t === '1' ? 'userspace' : t === '0' ? 'kernel' : null;
  } catch {
    return null;
  }
}

/**
 * Marks the subflows of `socket`'s connection that leave from `address` as
 * backup (true) or active (false): the kernel sends MP_PRIO to the peer.
 * Resolves with the number of subflows changed.
 */
export async function setSubflowBackup(socket: net.Socket, address: string, backup: boolean): Promise<number> {
  if (!(socket instanceof net.Socket)) throw invalidArgType('socket', 'an instance of net.Socket', socket);
  if (typeof address !== 'string' || !net.isIP(address)) throw invalidArgValue('address', address, 'must be an IP address');
  if (typeof backup !== 'boolean') throw invalidArgType('backup', 'of type boolean', backup);
  const token = info(socket)?.token;
  if (!token) throw mptcpUnavailable('kernel');
  const flows = subflows(socket).filter((f) => f.local.address === address);
  if (flows.length === 0) throw invalidArgValue('address', address, 'is not the local address of a subflow of this connection');
  for (const f of flows) {
    try {
      await defaultPathManager().setSubflowBackup(token, { address: f.local.address, port: f.local.port }, { address: f.remote.address, port: f.remote.port }, backup);
    } catch (err) {
      if (err instanceof PathManagerError && err.code === 'EINVAL' && pathManagerMode() === 'kernel') {
        throw new PathManagerError(
          err,
          'SET_FLAGS',
          'per-connection backup needs the userspace path manager (sysctl net.mptcp.path_manager=userspace); ' +
            `with the in-kernel one, change the endpoint for every connection: pm.setEndpointFlags('${address}', { backup: ${backup} })`,
        );
      }
      throw err;
    }
  }
  return flows.length;
}
