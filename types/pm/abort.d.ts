import type { AddressInfo } from '../kernel/sockaddr';
import type { NetworkView } from './network';
/** SOCK_DESTROY of the subflow from `local` to `remote`: first as unbound, then bound to the device holding `local`. */
export declare function abortSubflow(local: AddressInfo, remote: AddressInfo, network: NetworkView | null): Promise<void>;
