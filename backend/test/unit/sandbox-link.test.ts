import assert from 'node:assert/strict';
import { chmod, lstat, mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { connect, Socket } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, test } from 'node:test';
import { SANDBOX_SOCKETS } from '@ide/sandbox-contract';
import { createLogger } from '../../src/log.js';
import { SandboxLinks } from '../../src/sandbox-link/sandbox-links.js';
import { SocketListener } from '../../src/sandbox-link/socket-listener.js';
import { TunnelPool, TunnelUnavailable } from '@ide/sandbox-contract/lib/tunnel-pool.js';
import { tempDir } from '../helpers.js';

const log = createLogger('silent');

const opened = new Set<Socket>();
after(() => opened.forEach(socket => socket.destroy()));

function dial(path: string): Promise<Socket> {
    return new Promise((resolve, reject) => {
        const socket = connect(path);
        opened.add(socket);
        socket.once('connect', () => {
            socket.on('error', () => undefined);
            resolve(socket);
        });
        socket.once('error', reject);
    });
}

test('a tunnel pool hands out the newest idle connection, drops ones that talk or close while idle, and keeps a bounded number', async () => {
    const dir = await tempDir('pool');
    const pool = new TunnelPool({ maxIdle: 3, maxWaiters: 1, acquireTimeoutMs: 200 });
    const listener = new SocketListener(join(dir, 't.sock'), socket => pool.accept(socket), log);
    await listener.listen();
    const dialed = [];
    for (let i = 0; i < 5; i++) {
        dialed.push(await dial(listener.path));
    }
    await sleep(50);
    assert.equal(pool.idleCount, 3, 'more than maxIdle are closed');
    dialed[1].write('unasked');
    dialed[2].end();
    await sleep(50);
    assert.equal(pool.idleCount, 1, 'a connection that sends unasked or closes is dropped');
    const newest = await dial(listener.path);
    await sleep(20);
    const taken = await pool.acquire();
    opened.add(taken);
    const arrived = new Promise<string>(resolve => newest.once('data', data => resolve(String(data))));
    taken.write('to the newest');
    assert.equal(await arrived, 'to the newest');

    opened.add(await pool.acquire());
    await assert.rejects(pool.acquire(), TunnelUnavailable, 'nothing idle, nothing arrives: it says so in time');
    const waiting = pool.acquire(1000);
    await assert.rejects(pool.acquire(1000), /too many requests are waiting/);
    await dial(listener.path);
    const handed = await waiting;
    opened.add(handed);
    assert.ok(handed, 'a waiter gets the next connection to arrive');
    pool.close();
    await assert.rejects(pool.acquire(), /closed/);
    await listener.close();
});

test('a socket flooded with connections is closed for a while, then listened on again', async () => {
    const dir = await tempDir('flood');
    let accepted = 0;
    const listener = new SocketListener(join(dir, 'f.sock'), socket => { accepted++; socket.destroy(); }, log, { perSecond: 20, pauseMs: 500 });
    await listener.listen();
    const refused: string[] = [];
    await Promise.all(Array.from({ length: 60 }, () => new Promise<void>(resolve => {
        const socket = connect(listener.path);
        socket.on('connect', () => { socket.destroy(); resolve(); });
        socket.on('error', error => { refused.push((error as NodeJS.ErrnoException).code ?? ''); resolve(); });
    })));
    assert.ok(accepted <= 21, `accepted ${accepted}`);
    await sleep(100);
    await assert.rejects(dial(listener.path), /ENOENT|ECONNREFUSED/, 'paused: nobody listens');
    await sleep(600);
    await dial(listener.path);
    await listener.close();
});

test('a socket directory the gateway does not own alone is replaced, planted entries and all', async () => {
    const runRoot = await tempDir('run');
    const links = new SandboxLinks(runRoot, async (_req, res) => { res.end(); }, log);
    const id = 'abcdefghij12';
    const dir = join(runRoot, id);
    await mkdir(dir);
    await chmod(dir, 0o777);
    await writeFile(join(dir, 'planted'), 'x');
    await symlink('/etc/passwd', join(dir, 'gateway.sock'));
    const link = await links.open(id);
    assert.equal(link.dir, dir);
    assert.deepEqual((await readdir(dir)).sort(), [...SANDBOX_SOCKETS].sort());
    assert.ok((await lstat(join(dir, 'gateway.sock'))).isSocket());
    assert.equal((await lstat(dir)).mode & 0o777, 0o755);
    assert.equal((await lstat(join(dir, 'gateway.sock'))).mode & 0o777, 0o666);
    await links.remove(id);
    await assert.rejects(lstat(dir), /ENOENT/);
});
