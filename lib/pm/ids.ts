// Local address ids for the userspace path manager: one per local address,
// the same for every connection while the process runs (mptcpd's id
// manager). The kernel keeps a connection's address and id together: a
// subflow opened again from an address must use the id it had.
const ids = new Map<string, number>();

export function localIdFor(address: string): number {
  let id = ids.get(address);
  if (id === undefined) {
    id = (ids.size % 255) + 1;
    ids.set(address, id);
  }
  return id;
}
