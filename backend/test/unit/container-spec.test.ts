import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sandboxContainerSpec } from '../../src/sandbox/container-spec.js';
import { SandboxProfile } from '../../src/config/profiles.js';
import { testProfiles } from '../helpers.js';

const request = (profile: SandboxProfile) => ({ id: 'abcdefghij12', ownerId: 'u1', profile, link: { kind: 'unix-socket-directory' as const, hostDir: '/srv/run/abcdefghij12' } });
const naming = { instance: 'test', runtimeDir: '/srv/runtime' };

test('the container spec carries the default hardening', () => {
    const spec = sandboxContainerSpec(request(testProfiles().profiles.get('default')!), naming);
    const host = spec.HostConfig!;
    assert.equal(spec.User, '1000:1000');
    assert.equal(host.NetworkMode, 'none');
    assert.equal(host.ReadonlyRootfs, true);
    assert.deepEqual(host.CapDrop, ['ALL']);
    assert.equal(host.CapAdd, undefined);
    assert.deepEqual(host.SecurityOpt, ['no-new-privileges:true']);
    assert.equal(host.Privileged, false);
    assert.equal(host.PidsLimit, 256);
    assert.equal(host.Memory, 1024 ** 3);
    assert.equal(host.MemorySwap, host.Memory, 'no swap beyond the memory limit');
    assert.equal(host.NanoCpus, 1e9);
    assert.ok(host.Binds!.includes('/srv/runtime:/opt/ide:ro'), 'runtime mounted read-only');
    assert.ok(host.Binds!.includes('/srv/run/abcdefghij12:/run/ide:ro'), 'the gateway\'s sockets mounted read-only');
    assert.ok(!(spec.Env ?? []).some(entry => /SECRET/i.test(entry)), 'no secret in the environment');
    assert.ok(!JSON.stringify(spec).includes('docker.sock'), 'no Docker socket');
    assert.match(host.Tmpfs!['/home/ide'], /uid=1000/);
});

test('a changed profile changes the spec hash; the same one does not', () => {
    const profile = testProfiles().profiles.get('default')!;
    const hash = (p = profile) => sandboxContainerSpec(request(p), naming).Labels!['io.theia-sandbox-ide.spec-hash'];
    assert.equal(hash(), hash());
    assert.notEqual(hash(), hash({ ...profile, memory: 2 * 1024 ** 3 }));
});
