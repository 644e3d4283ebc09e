export { Netns, TwoHosts, veth, pathAddresses, netnsAvailability, deleteStale, hasCommand, parseNetstat, sh } from './netns';
export type { Availability, EndpointOptions, ExecResult, LinkOptions, NamespaceOptions, PathAddresses, ShapeOptions, TwoHostOptions } from './netns';
export { Agent, AgentError } from './agent-client';
export type { AgentFunction, AgentModules, CallArguments, CallableName, CallResult, SpawnOptions, UntypedModule } from './agent-client';
export type { AgentContext, WaitForOptions } from './context';
export { publicInstall, readableByOthers } from './stage';
export type { ModuleLocation, PublicInstall } from './stage';
export type { WireError } from './wire';
