import { execFile, spawn } from 'child_process';
import { promisify } from 'util';

const run = promisify(execFile);

/**
 * What code in a sandbox can do to the gateway, run for real inside a sandbox container as its
 * user (uid 1000), with the runtime's own node. One script, several moves:
 *
 *   plant                  try to replace, unlink, chmod or add entries in /run/ide (prints what happened, as JSON)
 *   plant-loop <seconds>   keep trying that (races the gateway re-creating its sockets)
 *   serve <tunnel> <how> [n]  dial n connections to a tunnel socket (prints "ready" once they are up) and answer every request on them <how>:
 *                          garbage-json, endless, huge-headers, silent, not-http, page:<base64 html>
 *   flood <socket> <seconds>  connect to a socket as fast as possible
 *   gateway-abuse          malformed HTTP, oversized bodies and a report flood on gateway.sock (prints the statuses)
 */
export const HOSTILE_SCRIPT = String.raw`
const fs = require('fs');
const net = require('net');
const http = require('http');
const [move, ...args] = process.argv.slice(2);
const RUN = '/run/ide';

function tryAll() {
    const attempts = {
        unlink: () => fs.unlinkSync(RUN + '/ide-tunnel.sock'),
        symlinkDocker: () => fs.symlinkSync('/var/run/docker.sock', RUN + '/docker-link.sock'),
        replaceWithSymlink: () => { fs.renameSync(RUN + '/gateway.sock', RUN + '/old.sock'); },
        write: () => fs.writeFileSync(RUN + '/gateway.sock', 'x'),
        create: () => fs.writeFileSync(RUN + '/planted', 'x'),
        chmod: () => fs.chmodSync(RUN, 0o777),
        chmodSocket: () => fs.chmodSync(RUN + '/gateway.sock', 0o777),
        mkdir: () => fs.mkdirSync(RUN + '/sub'),
        hardlink: () => fs.linkSync(RUN + '/gateway.sock', '/tmp/linked.sock')
    };
    const results = {};
    for (const [name, attempt] of Object.entries(attempts)) {
        try { attempt(); results[name] = 'done'; } catch (error) { results[name] = error.code; }
    }
    return results;
}

function answer(socket, how) {
    if (how === 'silent') { return; }
    if (how === 'not-http') { socket.end(Buffer.from('\x00\xff\x13garbage\r\n\r\n')); return; }
    if (how === 'garbage-json') { socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/x-ndjson\r\nconnection: close\r\n\r\nthis is not json\n'); return; }
    if (how === 'huge-headers') { socket.end('HTTP/1.1 200 OK\r\nx-big: ' + 'a'.repeat(1024 * 1024) + '\r\n\r\n'); return; }
    if (how === 'endless') {
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/x-ndjson\r\nconnection: close\r\n\r\n');
        const chunk = Buffer.alloc(1024 * 1024, 'x');
        let sent = 0;
        const pump = () => {
            while (sent < 400 && socket.writable) {
                sent++;
                if (!socket.write(chunk)) { socket.once('drain', pump); return; }
            }
            socket.end();
        };
        pump();
        return;
    }
    if (how.startsWith('page:')) {
        const body = Buffer.from(how.slice(5), 'base64');
        socket.end('HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncache-control: no-store\r\ncontent-length: ' + body.length + '\r\nconnection: close\r\n\r\n' + body.toString('utf8'));
        return;
    }
    throw new Error('unknown answer ' + how);
}

function serve(tunnel, how, count) {
    let connected = 0;
    const dial = () => {
        const socket = net.connect(RUN + '/' + tunnel + '-tunnel.sock', () => {
            if (++connected === count) { console.log('ready'); }
        });
        socket.on('error', () => undefined);
        socket.once('data', () => answer(socket, how));
        socket.on('close', () => setTimeout(dial, 20));
    };
    for (let i = 0; i < count; i++) { dial(); }
}

function flood(socketName, seconds) {
    const until = Date.now() + seconds * 1000;
    let opened = 0;
    const loop = () => {
        if (Date.now() > until) { console.log(JSON.stringify({ opened })); process.exit(0); }
        for (let i = 0; i < 50; i++) {
            const socket = net.connect(RUN + '/' + socketName);
            socket.on('connect', () => { opened++; socket.destroy(); });
            socket.on('error', () => undefined);
        }
        setImmediate(loop);
    };
    loop();
}

async function gatewayAbuse() {
    const statusOf = (options, body) => new Promise(resolve => {
        const req = http.request({ socketPath: RUN + '/gateway.sock', ...options }, res => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
        req.on('error', error => resolve(error.code));
        req.end(body);
    });
    const raw = bytes => new Promise(resolve => {
        const socket = net.connect(RUN + '/gateway.sock', () => socket.write(bytes));
        let answer = '';
        socket.on('data', data => { answer += data; });
        socket.on('close', () => resolve(answer.split('\r\n')[0]));
        socket.on('error', () => resolve('error'));
    });
    const results = {};
    results.malformed = await raw('GARBAGE\r\n\r\n');
    results.hugeHeader = await raw('GET /v1/ide/workspace HTTP/1.1\r\nx: ' + 'a'.repeat(100 * 1024) + '\r\n\r\n');
    results.hugeReport = await statusOf({ method: 'POST', path: '/v1/ide/task-records', headers: { 'content-type': 'application/json' } }, Buffer.alloc(5 * 1024 * 1024, 'x'));
    results.notJson = await statusOf({ method: 'POST', path: '/v1/ide/task-records', headers: { 'content-type': 'application/json' } }, '{"taskId":');
    results.badShape = await statusOf({ method: 'POST', path: '/v1/ide/task-records', headers: { 'content-type': 'application/json' } }, JSON.stringify({ taskId: '../../etc' }));
    const report = JSON.stringify({ taskId: 'flood', text: 'x', model: 'm', turns: 1, inputTokens: 1, outputTokens: 1, costUsd: 0, gates: 'pass', durationMs: 1, outcome: 'applied' });
    const flood = [];
    for (let i = 0; i < 40; i++) { flood.push(await statusOf({ method: 'POST', path: '/v1/ide/task-records', headers: { 'content-type': 'application/json' } }, report)); }
    results.reportFlood = flood;
    results.hugeModelRequest = await statusOf({ method: 'POST', path: '/v1/messages', headers: { 'content-type': 'application/json' } }, Buffer.alloc(40 * 1024 * 1024, 'x'));
    console.log(JSON.stringify(results));
}

if (move === 'plant') { console.log(JSON.stringify(tryAll())); }
else if (move === 'plant-loop') { const until = Date.now() + Number(args[0]) * 1000; let tries = 0; while (Date.now() < until) { tryAll(); tries++; } console.log(JSON.stringify({ tries })); }
else if (move === 'serve') { serve(args[0], args[1], Number(args[2] || 20)); }
else if (move === 'flood') { flood(args[0], Number(args[1])); }
else if (move === 'gateway-abuse') { gatewayAbuse(); }
else { console.error('unknown move ' + move); process.exit(2); }
`;

const SCRIPT_PATH = '/tmp/hostile.js';

async function install(container: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
        const child = spawn('docker', ['exec', '-i', '-u', '1000', container, 'sh', '-c', `cat > ${SCRIPT_PATH}`], { stdio: ['pipe', 'ignore', 'pipe'] });
        child.on('error', reject);
        child.on('exit', code => code === 0 ? resolve() : reject(new Error(`installing the hostile script exited ${code}`)));
        child.stdin.end(HOSTILE_SCRIPT);
    });
}

/** Runs a move to its end as the sandbox user and returns what it printed. */
export async function hostile(container: string, ...args: string[]): Promise<string> {
    await install(container);
    return (await run('docker', ['exec', '-u', '1000', container, '/opt/ide/node', SCRIPT_PATH, ...args], { maxBuffer: 10 * 1024 * 1024 })).stdout.trim();
}

/** How long the gateway is given to take an attacker's dialed connections into its tunnel pool. */
const GATEWAY_ACCEPT_SETTLE_MS = 300;

/**
 * Starts a move in the background inside the sandbox; `stop()` ends it. A move that prints a
 * line (`serve`: "ready") is waited for until it does, so the attack is in place when this returns.
 */
export async function hostileInBackground(container: string, ...args: string[]): Promise<{ stop(): Promise<void> }> {
    await install(container);
    const child = spawn('docker', ['exec', '-u', '1000', container, '/opt/ide/node', SCRIPT_PATH, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    const stop = async (): Promise<void> => {
        await run('docker', ['exec', container, 'pkill', '-f', SCRIPT_PATH]).catch(() => undefined);
        child.kill();
    };
    if (args[0] === 'serve') {
        await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`the hostile ${args.join(' ')} did not get ready`)), 30_000);
            child.stdout.on('data', (chunk: Buffer) => {
                if (chunk.toString().includes('ready')) {
                    clearTimeout(timer);
                    resolve();
                }
            });
            child.on('exit', code => reject(new Error(`the hostile ${args.join(' ')} exited ${code}`)));
        }).catch(async error => { await stop(); throw error; });
        // "ready" is the sandbox's end of each handshake; the gateway takes a connection into its pool when its
        // event loop gets to it, which on a loaded machine is after the test's first calls.
        await new Promise(resolve => setTimeout(resolve, GATEWAY_ACCEPT_SETTLE_MS));
    } else {
        child.stdout.resume();
    }
    return { stop };
}
