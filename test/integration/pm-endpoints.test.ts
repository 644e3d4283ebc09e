// The in-kernel path manager's limits and endpoints, through the netlink API
// and the CLI, checked against `ip mptcp` (pm_netlink.sh, in Node): every
// kernel error surfaces with its errno and the kernel's own explanation.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Agent } from '../../dist/testing/agent-client.js';
import { Netns } from '../../dist/testing/netns.js';
import { publicInstall } from '../../dist/testing/stage.js';
import { runCli } from '../helpers/cli';
import { fixtures, type Pm } from '../helpers/fixtures';
import { describeNetns } from '../helpers/integration';
import { endpointRefused, limitTooHigh } from '../helpers/kernel';

describeNetns('path-manager limits and endpoints', () => {
  let ns: Netns;
  let agent: Agent<Pm>;

  beforeAll(async () => {
    ns = await Netns.create({ prefix: 'mptcp-pm' });
    await ns.ip('link', 'add', 'pm0', 'type', 'veth', 'peer', 'name', 'pm1');
    for (const dev of ['pm0', 'pm1']) await ns.ip('link', 'set', dev, 'up');
    await ns.ip('addr', 'add', '192.0.2.1/24', 'dev', 'pm0');
    await ns.ip('addr', 'add', '2001:db8::1/64', 'dev', 'pm0', 'nodad');
    agent = await ns.spawn<Pm>(fixtures.pm);
  });
  afterAll(async () => {
    await ns?.destroy();
  });

  const mptcpCli = (...args: string[]) => runCli(ns, ...args);
  const pmError = (fn: string, ...args: unknown[]) => agent.call('pmError', fn, args);

  it('limits: defaults, set, and the kernel’s refusal above 8', async () => {
    expect(await agent.call('getLimits')).toEqual({ subflows: 2, addAddrAccepted: 0 });
    expect((await mptcpCli('limits')).stdout).toBe((await ns.ip('mptcp', 'limits')));
    await agent.call('setLimits', { subflows: 8, addAddrAccepted: 8 });
    expect(await ns.ip('mptcp', 'limits')).toBe('add_addr_accepted 8 subflows 8 \n');
    for (const bad of [{ subflows: 9 }, { addAddrAccepted: 9 }]) {
      expect(await pmError('setLimits', bad)).toEqual({
        name: 'PathManagerError',
        code: 'EINVAL',
        errno: -22,
        command: 'SET_LIMITS',
        extack: limitTooHigh,
        syscall: 'netlink',
        message: `mptcp_pm SET_LIMITS EINVAL: ${limitTooHigh}`,
      });
    }
    // one limit at a time keeps the other
    await agent.call('setLimits', { subflows: 3 });
    expect(await agent.call('getLimits')).toEqual({ subflows: 3, addAddrAccepted: 8 });
    expect((await mptcpCli('limits', 'set', 'subflows', '1', 'add_addr_accepted', '2')).code).toBe(0);
    expect(await ns.ip('mptcp', 'limits')).toBe('add_addr_accepted 2 subflows 1 \n');
    expect((await mptcpCli('limits', '--json')).stdout).toBe('{"add_addr_accepted":2,"subflows":1}\n');
  });

  it('endpoints: add, show (as ip mptcp shows them), delete, flush', async () => {
    const added = await agent.call('addEndpoints', [
      { address: '192.0.2.1' },
      { address: '192.0.2.2', flags: ['subflow'], dev: 'pm0' },
      { address: '192.0.2.3', flags: ['signal', 'backup'] },
      { address: '2001:db8::1', id: 10, port: 10100, flags: ['signal'] },
    ]);
    expect(added.map((e) => [e.id, e.address, e.flags])).toEqual([
      [1, '192.0.2.1', []],
      [2, '192.0.2.2', ['subflow']],
      [3, '192.0.2.3', ['signal', 'backup']],
      [10, '2001:db8::1', ['signal']],
    ]);
    expect(added[3]!.port).toBe(10100);
    const ip = await ns.ip('mptcp', 'endpoint', 'show');
    expect(ip).toBe(
      '192.0.2.1 id 1 \n192.0.2.2 id 2 subflow dev pm0 \n192.0.2.3 id 3 signal backup \n2001:db8::1 port 10100 id 10 signal \n',
    );
    expect((await mptcpCli('endpoints')).stdout).toBe(ip);
    expect(JSON.parse((await mptcpCli('endpoints', '--json')).stdout)).toEqual(JSON.parse(await ns.ip('-j', 'mptcp', 'endpoint', 'show')));
    expect((await mptcpCli('endpoint', 'show', 'id', '3')).stdout).toBe('192.0.2.3 id 3 signal backup \n');

    await agent.call('deleteEndpoint', 2);
    await agent.call('deleteEndpoint', '2001:db8::1');
    expect((await mptcpCli('endpoints', 'del', '192.0.2.3')).code).toBe(0);
    expect(await ns.ip('mptcp', 'endpoint', 'show')).toBe('192.0.2.1 id 1 \n');
    // the id the kernel picked is the one it lists
    const picked = await agent.call('addEndpoint', { address: '192.0.2.9' });
    expect(await ns.ip('mptcp', 'endpoint', 'show', 'id', String(picked.id))).toBe(`192.0.2.9 id ${picked.id} \n`);
    await agent.call('flushEndpoints');
    expect(await ns.ip('mptcp', 'endpoint', 'show')).toBe('');
    expect(await agent.call('endpoints')).toEqual([]);
  });

  it('endpoint errors: duplicate, too many, unknown id or address, bad flags, port without signal', async () => {
    await agent.call('flushEndpoints');
    await agent.call('addEndpoint', { address: '192.0.2.1', flags: ['subflow'] });
    expect(await pmError('addEndpoint', { address: '192.0.2.1', id: 50 })).toMatchObject({
      ...endpointRefused.duplicate,
      command: 'ADD_ADDR',
    });
    for (let i = 2; i <= 8; i++) await agent.call('addEndpoint', { address: `198.51.100.${i}` });
    expect(await pmError('addEndpoint', { address: '198.51.100.9' })).toMatchObject({
      ...endpointRefused.tooMany,
      command: 'ADD_ADDR',
    });
    expect(await pmError('deleteEndpoint', 99)).toMatchObject({ code: 'EINVAL', command: 'DEL_ADDR', extack: 'address not found' });
    expect(await pmError('endpoint', 99)).toMatchObject({ code: 'EINVAL', command: 'GET_ADDR', extack: 'address not found' });
    expect(await pmError('deleteEndpoint', '203.0.113.5')).toMatchObject({
      code: 'ENOENT',
      message: 'mptcp_pm DEL_ADDR ENOENT: no endpoint has the address 203.0.113.5',
    });
    await agent.call('flushEndpoints');
    expect(await pmError('addEndpoint', { address: '192.0.2.4', flags: ['signal', 'fullmesh'] })).toMatchObject({
      code: 'EINVAL',
      extack: "flags mustn't have both signal and fullmesh",
    });
    expect(await pmError('addEndpoint', { address: '192.0.2.4', flags: ['implicit'] })).toMatchObject({
      code: 'EINVAL',
      extack: "can't create IMPLICIT endpoint",
    });
    expect(await pmError('addEndpoint', { address: '192.0.2.4', port: 4000, flags: ['subflow'] })).toMatchObject({
      code: 'EINVAL',
      extack: 'flags must have signal and not subflow when using port',
    });
    expect(await ns.ip('mptcp', 'endpoint', 'show')).toBe('');
  });

  it('changes backup and fullmesh, keeping the flag not named', async () => {
    await agent.call('flushEndpoints');
    await agent.call('addEndpoint', { address: '192.0.2.1', flags: ['subflow'] });
    await agent.call('addEndpoint', { address: '192.0.2.2', flags: ['signal'] });
    await agent.call('setEndpointFlags', 1, { backup: true });
    expect(await ns.ip('mptcp', 'endpoint', 'show', 'id', '1')).toBe('192.0.2.1 id 1 subflow backup \n');
    await agent.call('setEndpointFlags', '192.0.2.1', { fullmesh: true });
    expect(await ns.ip('mptcp', 'endpoint', 'show', 'id', '1')).toBe('192.0.2.1 id 1 subflow backup fullmesh \n');
    expect((await mptcpCli('endpoints', 'flags', '1', 'nobackup', 'nofullmesh')).code).toBe(0);
    expect(await ns.ip('mptcp', 'endpoint', 'show', 'id', '1')).toBe('192.0.2.1 id 1 subflow \n');
    expect(await pmError('setEndpointFlags', 2, { fullmesh: true })).toMatchObject({ code: 'EINVAL', command: 'SET_FLAGS' });
  });

  it('bad arguments are Node-style errors before anything is sent', async () => {
    const codes = await agent.call('badArgumentCodes');
    expect(codes).toEqual([
      'ERR_INVALID_ARG_VALUE',
      'ERR_INVALID_ARG_TYPE',
      'ERR_OUT_OF_RANGE',
      'ERR_INVALID_ARG_VALUE',
      'ERR_OUT_OF_RANGE',
      'ERR_INVALID_ARG_TYPE',
      'ERR_INVALID_ARG_TYPE',
      'ERR_OUT_OF_RANGE',
      'ENODEV',
    ]);
    const usage = await mptcpCli('endpoints', 'add', 'nope');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^mptcp: endpoints add needs an IP address/);
  });

  it('without CAP_NET_ADMIN: changes fail naming the capability; reading limits works', async () => {
    const nobody = await ns.spawn<Pm>(fixtures.pm, { user: 65534 });
    try {
      const got = await nobody.call('withoutCapability');
      expect(got).toMatchObject({
        uid: 65534,
        limits: { subflows: expect.any(Number) },
        add: { code: 'EPERM', command: 'ADD_ADDR' },
        events: { code: 'EPERM' },
      });
      expect((got.add as { message: string }).message).toBe(
        'mptcp_pm ADD_ADDR EPERM: ADD_ADDR needs CAP_NET_ADMIN in this network namespace (run as root, or in a namespace of your own: unshare -Urn)',
      );
      expect((got.events as { message: string }).message).toMatch(/CAP_NET_ADMIN/);
    } finally {
      await nobody.close();
    }
    // node and the CLI where uid 65534 can read them (a copy when this checkout is private)
    const open = publicInstall();
    const cliRun = await ns
      .exec('setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', open.node, path.join(open.root, 'dist', 'cli', 'cli.js'), 'endpoints', 'flush')
      .then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
      )
      .finally(() => open.dispose());
    expect(cliRun.code).toBe(1);
    expect(cliRun.stderr).toMatch(/FLUSH_ADDRS needs CAP_NET_ADMIN/);
  });
});
