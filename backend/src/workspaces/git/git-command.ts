import { spawn } from 'node:child_process';
import { HttpError } from '../../http/http-error.js';
import { PinnedHost } from './git-host-policy.js';

export interface GitCommandOptions {
    pinned: PinnedHost;
    /** Basic-auth credentials for the host, sent as a header: never in the URL, the arguments or a log. */
    credentials?: { username: string; token: string };
    timeoutMs: number;
    /** Stops git once it reports receiving more than this. */
    maxBytes?: number;
    /** Git's progress lines ("Receiving objects:  45% (450/1000), 12.00 MiB | 3.00 MiB/s"), as they come. */
    onProgress?: (line: string) => void;
    /** The home git may use: an empty directory of the gateway's. */
    home: string;
}

/** Git failed in a way the user can act on; the message says how, and never holds a secret. */
export class GitFailure extends HttpError { }

const MAX_STDERR = 64 * 1024;

/**
 * Runs git for a network operation with nothing but what it is given: no system or user config,
 * no prompts, only HTTP(S) transports, no redirects to elsewhere, the host pinned to the address
 * that was checked, a stall and a total timeout, and (for clones) a size limit.
 */
export function runGit(args: string[], options: GitCommandOptions): Promise<string> {
    const config: [string, string][] = [
        ['protocol.allow', 'never'],
        ['protocol.https.allow', 'always'],
        ['protocol.http.allow', 'always'],
        ['http.followRedirects', 'false'],
        ['http.lowSpeedLimit', '1000'],
        ['http.lowSpeedTime', '60'],
        ['http.curloptResolve', `${options.pinned.hostname}:${options.pinned.port}:${options.pinned.address.includes(':') ? `[${options.pinned.address}]` : options.pinned.address}`],
        ['core.hooksPath', '/dev/null'],
        ['credential.helper', '']
    ];
    if (options.credentials) {
        const basic = Buffer.from(`${options.credentials.username}:${options.credentials.token}`).toString('base64');
        config.push(['http.extraHeader', `Authorization: Basic ${basic}`]);
    }
    const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: options.home,
        LANG: 'C',
        GIT_TERMINAL_PROMPT: '0',
        GIT_ASKPASS: 'false',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_CONFIG_COUNT: String(config.length),
        ...Object.fromEntries(config.flatMap(([key, value], index) => [[`GIT_CONFIG_KEY_${index}`, key], [`GIT_CONFIG_VALUE_${index}`, value]]))
    };
    return new Promise((resolve, reject) => {
        const child = spawn('git', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        let stoppedBecause: GitFailure | undefined;
        const stop = (failure: GitFailure): void => {
            stoppedBecause ??= failure;
            child.kill('SIGKILL');
        };
        const timer = setTimeout(() => stop(new GitFailure(504, `git took longer than ${Math.round(options.timeoutMs / 1000)} s (the limit); try a smaller repository or ask an admin to raise IDE_GIT_CLONE_TIMEOUT_S`)), options.timeoutMs);
        child.stdout.on('data', (chunk: Buffer) => {
            if (stdout.length < MAX_STDERR) {
                stdout += chunk.toString('utf8');
            }
        });
        child.stderr.on('data', (chunk: Buffer) => {
            const text = chunk.toString('utf8');
            stderr = (stderr + text).slice(-MAX_STDERR);
            for (const line of text.split(/[\r\n]+/).map(part => part.trim()).filter(Boolean)) {
                options.onProgress?.(line);
                const received = receivedBytes(line);
                if (options.maxBytes !== undefined && received !== undefined && received > options.maxBytes) {
                    stop(new GitFailure(413, `the repository is larger than ${Math.round(options.maxBytes / 1024 / 1024)} MiB, this server's limit (IDE_GIT_MAX_CLONE_MB)`));
                }
            }
        });
        child.on('error', error => {
            clearTimeout(timer);
            reject(new GitFailure(500, `git could not be run on the gateway: ${error.message}`));
        });
        child.on('close', code => {
            clearTimeout(timer);
            if (stoppedBecause) {
                reject(stoppedBecause);
            } else if (code === 0) {
                resolve(stdout);
            } else {
                reject(explainFailure(stderr, options.pinned));
            }
        });
    });
}

/** The bytes in a "Receiving objects: …, 12.00 MiB | …" progress line. */
export function receivedBytes(line: string): number | undefined {
    const match = /Receiving objects:.*?,\s*([\d.]+)\s*(bytes|KiB|MiB|GiB)/.exec(line);
    if (!match) {
        return undefined;
    }
    const unit = { bytes: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 }[match[2] as 'bytes' | 'KiB' | 'MiB' | 'GiB'];
    return Number(match[1]) * unit;
}

/** What went wrong, in words a user can act on; git's own last line otherwise (it holds no secret: credentials go in a header). */
export function explainFailure(stderr: string, pinned: PinnedHost): GitFailure {
    const host = pinned.port === 443 || pinned.port === 80 ? pinned.hostname : `${pinned.hostname}:${pinned.port}`;
    if (/Authentication failed|could not read Username|terminal prompts disabled|returned error: 40[13]|HTTP 40[13]/i.test(stderr)) {
        return new GitFailure(422, `${host} refused access to the repository: store a token for ${host} under Git credentials on the dashboard (or check the one stored)`);
    }
    const branch = /Remote branch (\S+) not found/.exec(stderr);
    if (branch) {
        return new GitFailure(422, `the repository has no branch ${branch[1]}`);
    }
    if (/not found|returned error: 404|HTTP 404|does not appear to be a git repository|repository '.*' does not exist/i.test(stderr)) {
        return new GitFailure(422, `there is no Git repository at that URL on ${host} (or it is private: store a token for ${host} under Git credentials)`);
    }
    if (/redirect/i.test(stderr)) {
        return new GitFailure(422, `${host} redirects this URL elsewhere: give the repository's final URL`);
    }
    if (/Could not resolve host/i.test(stderr)) {
        return new GitFailure(422, `cannot resolve ${pinned.hostname}: check the repository URL`);
    }
    if (/Failed to connect|Connection refused|Connection timed out|Operation timed out|SSL|certificate/i.test(stderr)) {
        return new GitFailure(502, `cannot reach ${host}: ${lastLine(stderr)}`);
    }
    return new GitFailure(502, `git failed: ${lastLine(stderr) || 'no message'}`);
}

function lastLine(stderr: string): string {
    const lines = stderr.split(/[\r\n]+/).map(line => line.trim()).filter(line => line && !/^(remote: )?(Counting|Compressing|Receiving|Resolving|Enumerating)/.test(line));
    return (lines.at(-1) ?? '').replace(/^fatal: /, '').slice(0, 300);
}
