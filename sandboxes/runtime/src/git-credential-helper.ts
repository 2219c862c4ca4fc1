/*
 * git's credential helper in a sandbox whose profile has network (container-spec sets it as
 * `credential.helper`): for `get`, asks the gateway over gateway.sock for the owner's token for
 * the host the workspace was cloned from, and answers git in its credential protocol. `store` and
 * `erase` are not ours to do (the token lives in the gateway): they are ignored.
 */
import * as http from 'http';
import { GIT_CREDENTIAL_PATH, gitCredentialSchema } from '@ide/sandbox-contract/lib/gateway-api';
import { DEFAULT_GATEWAY_SOCKET_PATH, GATEWAY_SOCKET_ENV } from '@ide/sandbox-contract/lib/sockets';

const MAX_INPUT = 64 * 1024;

function readStdin(): Promise<Record<string, string>> {
    return new Promise(resolve => {
        let input = '';
        process.stdin.on('data', chunk => { input = (input + chunk).slice(0, MAX_INPUT); });
        process.stdin.on('end', () => resolve(Object.fromEntries(input.split('\n').filter(line => line.includes('=')).map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]))));
    });
}

function ask(protocol: string, host: string): Promise<{ username: string; password: string } | undefined> {
    return new Promise(resolve => {
        const req = http.request({ socketPath: process.env[GATEWAY_SOCKET_ENV] || DEFAULT_GATEWAY_SOCKET_PATH, path: GIT_CREDENTIAL_PATH, method: 'POST', headers: { 'content-type': 'application/json' }, timeout: 10_000 }, res => {
            let body = '';
            res.on('data', chunk => { body = (body + chunk).slice(0, MAX_INPUT); });
            res.on('end', () => {
                const parsed = res.statusCode === 200 ? gitCredentialSchema.safeParse(JSON.parse(body)) : undefined;
                resolve(parsed?.success ? parsed.data : undefined);
            });
        });
        req.on('error', () => resolve(undefined));
        req.on('timeout', () => req.destroy());
        req.end(JSON.stringify({ protocol, host }));
    });
}

async function main(): Promise<void> {
    const operation = process.argv[2];
    const asked = await readStdin();
    if (operation !== 'get' || (asked.protocol !== 'https' && asked.protocol !== 'http') || !asked.host) {
        return;
    }
    const credential = await ask(asked.protocol, asked.host);
    if (credential && !/[\n\0]/.test(credential.username + credential.password)) {
        process.stdout.write(`username=${credential.username}\npassword=${credential.password}\n`);
    }
}

main().catch(() => process.exit(0));
