// The register hook's policy, read from the environment once at start-up:
//
//   MPTCP=on|off|require           both directions (default on)
//   MPTCP_SERVERS=on|off|require   listeners, overriding MPTCP
//   MPTCP_CLIENTS=on|off|require   outgoing connections, overriding MPTCP
//   MPTCP_HOSTS=a.test,*.b.test,192.0.2.0/24,2001:db8::/32
//                                  outgoing connections use MPTCP only to these
//                                  (names, *.suffix wildcards, IP addresses, CIDRs)
//   MPTCP_DEBUG=1                  one line per socket on stderr
//
// A value that does not parse is an error: the hook then changes nothing.
import net from 'node:net';
import type { MultipathMode } from '../net/state';

export interface Policy {
  servers: MultipathMode;
  clients: MultipathMode;
  /** null: every destination. */
  hosts: HostRules | null;
  debug: boolean;
}

export interface HostRules {
  /** Exact names, lower case. */
  names: Set<string>;
  /** "*.example.test" as ".example.test". */
  suffixes: string[];
  /** Addresses and subnets; null when the list has none. */
  addresses: net.BlockList | null;
}

const MODES: Record<string, MultipathMode> = { on: true, off: false, require: 'require' };

function mode(env: NodeJS.ProcessEnv, name: string, fallback: MultipathMode): MultipathMode {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const m = MODES[raw.trim().toLowerCase()];
  if (m === undefined) throw new Error(`${name}=${JSON.stringify(raw)}: expected on, off or require`);
  return m;
}

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/;

function hostRules(raw: string): HostRules {
  const rules: HostRules = { names: new Set(), suffixes: [], addresses: null };
  for (const item of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const entry = item.toLowerCase();
    const [address, prefix, extra] = entry.split('/');
    const type = net.isIP(address!);
    if (type !== 0 && extra === undefined) {
      rules.addresses ??= new net.BlockList();
      const family = type === 6 ? 'ipv6' : 'ipv4';
      if (prefix === undefined) rules.addresses.addAddress(address!, family);
      else {
        const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
        if (!(bits >= 0 && bits <= (type === 6 ? 128 : 32))) throw new Error(`MPTCP_HOSTS: bad prefix length in ${JSON.stringify(item)}`);
        rules.addresses.addSubnet(address!, bits, family);
      }
    } else if (entry.startsWith('*.') && HOSTNAME.test(entry.slice(2))) {
      rules.suffixes.push(entry.slice(1).replace(/\.$/, ''));
    } else if (HOSTNAME.test(entry)) {
      rules.names.add(entry.replace(/\.$/, ''));
    } else {
      throw new Error(`MPTCP_HOSTS: ${JSON.stringify(item)} is not a host name, *.suffix, IP address or CIDR`);
    }
  }
  return rules;
}

/** Reads the policy; throws an Error naming the variable when a value is bad. */
export function policyFromEnv(env: NodeJS.ProcessEnv = process.env): Policy {
  const both = mode(env, 'MPTCP', true);
  const debug = env.MPTCP_DEBUG ?? '';
  if (!['', '0', '1'].includes(debug.trim())) throw new Error(`MPTCP_DEBUG=${JSON.stringify(debug)}: expected 1 or 0`);
  return {
    servers: mode(env, 'MPTCP_SERVERS', both),
    clients: mode(env, 'MPTCP_CLIENTS', both),
    hosts: env.MPTCP_HOSTS ? hostRules(env.MPTCP_HOSTS) : null,
    debug: debug.trim() === '1',
  };
}

/** Whether an IP address is in the host list's addresses. */
export function addressAllowed(rules: HostRules, address: string): boolean {
  const type = net.isIP(address);
  return type !== 0 && rules.addresses !== null && rules.addresses.check(address, type === 6 ? 'ipv6' : 'ipv4');
}

/** Whether a host name is in the host list's names or suffixes. */
export function nameAllowed(rules: HostRules, host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return rules.names.has(h) || rules.suffixes.some((s) => h.endsWith(s));
}
