// `mptcp/testing`: private networks for tests of MPTCP code. Network
// namespaces joined by veth links with TEST-NET addresses, MPTCP limits and
// endpoints, tc shaping, /etc files per namespace, the kernel's MPTcpExt
// counters, and agents: Node processes inside a namespace that run the
// functions a module exports. Needs root (or CAP_SYS_ADMIN) and iproute2;
// never changes the host's own namespace.
export { Netns, TwoHosts, veth, pathAddresses, netnsAvailability, deleteStale, hasCommand, parseNetstat, sh } from './netns';
export type { Availability, EndpointOptions, ExecResult, LinkOptions, NamespaceOptions, PathAddresses, ShapeOptions, TwoHostOptions } from './netns';
export { Agent, AgentError } from './agent-client';
export type { AgentFunction, AgentModules, CallArguments, CallableName, CallResult, SpawnOptions, UntypedModule } from './agent-client';
export type { AgentContext, WaitForOptions } from './context';
export { publicInstall, readableByOthers } from './stage';
export type { ModuleLocation, PublicInstall } from './stage';
export type { WireError } from './wire';
