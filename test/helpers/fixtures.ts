// The modules agents load in the tests (test/fixtures/*.mjs), and their
// types for Agent<…>: `hosts.server.spawn<Traffic & Basics>([fixtures.traffic, fixtures.basics])`.
import path from 'node:path';

const at = (name: string) => path.join(__dirname, '..', 'fixtures', `${name}.mjs`);

export const fixtures = {
  basics: at('basics'),
  traffic: at('traffic'),
  http: at('http'),
  resolver: at('resolver'),
  sockopt: at('sockopt'),
  pm: at('pm'),
  events: at('events'),
  userspace: at('userspace'),
};

export type Basics = typeof import('../fixtures/basics.mjs', { with: { 'resolution-mode': 'import' } });
export type Traffic = typeof import('../fixtures/traffic.mjs', { with: { 'resolution-mode': 'import' } });
export type Http = typeof import('../fixtures/http.mjs', { with: { 'resolution-mode': 'import' } });
export type Resolver = typeof import('../fixtures/resolver.mjs', { with: { 'resolution-mode': 'import' } });
export type Sockopt = typeof import('../fixtures/sockopt.mjs', { with: { 'resolution-mode': 'import' } });
export type Pm = typeof import('../fixtures/pm.mjs', { with: { 'resolution-mode': 'import' } });
export type Events = typeof import('../fixtures/events.mjs', { with: { 'resolution-mode': 'import' } });
export type Userspace = typeof import('../fixtures/userspace.mjs', { with: { 'resolution-mode': 'import' } });
