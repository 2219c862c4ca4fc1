/*
 * For the tests: temporary projects, the fake Messages API, a stand-in for the gateway's socket,
 * and a task manager wired to them. Not referenced by the backend module.
 */
import '@theia/core/shared/reflect-metadata';
import * as fs from 'fs/promises';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { FakeMessagesApi, ScriptedTurn } from '@ide/test-support';
import { QualityGateRunner } from '@ide/quality-gates/lib/node/quality-gate-runner';
import { MemoryService } from '@ide/memory/lib/common/memory-protocol';
import { ModelStatus, TaskDetail, TaskStatus } from '../common/ai-task-types';
import { AiTaskManager } from '../node/ai-task-manager';
import { AiTasksSettings, DEFAULT_LIMITS } from '../node/ai-tasks-settings';
import { TaskReport } from '@ide/sandbox-contract';
import { ModelEndpoint } from '../node/model-gateway';

export const TEST_MODEL = 'claude-sonnet-5';
export const TEST_PRICES = { [TEST_MODEL]: { input: 3, output: 15 } };

export interface TemporaryProject {
    base: string;
    workspace: string;
    scratchBase: string;
    write(relative: string, content: string): Promise<void>;
    read(relative: string): Promise<string>;
    remove(): Promise<void>;
}

export async function temporaryProject(files: Record<string, string>): Promise<TemporaryProject> {
    const base = await fs.mkdtemp(path.join(os.tmpdir(), 'ai-tasks-test-'));
    const workspace = path.join(base, 'workspace');
    const scratchBase = path.join(base, 'scratch');
    await fs.mkdir(workspace);
    const write = async (relative: string, content: string) => {
        const file = path.join(workspace, relative);
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, content);
    };
    for (const [relative, content] of Object.entries(files)) {
        await write(relative, content);
    }
    return {
        base,
        workspace,
        scratchBase,
        write,
        read: relative => fs.readFile(path.join(workspace, relative), 'utf8'),
        remove: () => fs.rm(base, { recursive: true, force: true })
    };
}

/** `.ide/gates.json` with one command gate (a shell command: sandboxes have bash, not node). */
export function commandGate(name: string, command: string): string {
    return JSON.stringify({ gates: [{ kind: 'command', name, command, timeoutSeconds: 30 }] }, undefined, 2);
}

interface Refusal {
    status: number;
    type: string;
    message: string;
}

/**
 * Stands in for the gateway's side of `/run/ide/gateway.sock`: `GET /v1/ide/status`, task records,
 * and `/v1/messages` forwarded to the fake Messages API, or refused like the gateway refuses.
 */
export class FakeGatewaySocket {
    readonly records: TaskReport[] = [];
    readonly messageRequests: http.IncomingHttpHeaders[] = [];
    status: ModelStatus | Record<string, unknown>;
    refusal: Refusal | undefined;
    socketPath = '';
    private server: http.Server | undefined;

    constructor(private readonly upstreamUrl: string, status: Partial<ModelStatus> = {}) {
        this.status = {
            user: 'tester',
            configured: true,
            models: [TEST_MODEL],
            pricesUsdPerMillionTokens: TEST_PRICES,
            userMonthlyBudgetUsd: 50,
            userSpentThisMonthUsd: 0,
            maxTaskBudgetUsd: 5,
            ...status
        };
    }

    async start(directory: string): Promise<string> {
        this.socketPath = path.join(directory, 'gateway.sock');
        // A request the task manager aborted can see its upstream cut when the fake API closes: that ends the exchange, not the test run.
        this.server = http.createServer((req, res) => void this.handle(req, res).catch(() => res.destroy()));
        await new Promise<void>(resolve => this.server!.listen(this.socketPath, resolve));
        return this.socketPath;
    }

    async close(): Promise<void> {
        this.server?.closeAllConnections();
        await new Promise<void>(resolve => this.server ? this.server.close(() => resolve()) : resolve());
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const chunks: Buffer[] = [];
        for await (const chunk of req) {
            chunks.push(chunk as Buffer);
        }
        const body = Buffer.concat(chunks);
        const url = (req.url ?? '').split('?')[0];
        const json = (status: number, value: unknown): void => {
            res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
        };
        if (req.method === 'GET' && url === '/v1/ide/status') {
            return json(200, this.status);
        }
        if (req.method === 'POST' && url === '/v1/ide/task-records') {
            this.records.push(JSON.parse(body.toString('utf8')));
            return json(201, { ok: true });
        }
        if (req.method === 'POST' && url === '/v1/messages') {
            this.messageRequests.push(req.headers);
            if (this.refusal) {
                res.setHeader('x-should-retry', 'false');
                return json(this.refusal.status, { type: 'error', error: { type: this.refusal.type, message: this.refusal.message } });
            }
            const upstream = await fetch(`${this.upstreamUrl}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
            res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
            const reader = upstream.body?.getReader();
            res.on('close', () => void reader?.cancel().catch(() => undefined));
            for (let read = await reader?.read(); read && !read.done && !res.destroyed; read = await reader!.read()) {
                res.write(read.value);
            }
            return void res.end();
        }
        json(404, { type: 'error', error: { type: 'not_found_error', message: `no ${url}` } });
    }
}

export interface TaskFixture {
    project: TemporaryProject;
    fake: FakeMessagesApi;
    /** Present when the manager talks to the gateway stand-in over a unix socket. */
    gateway?: FakeGatewaySocket;
    manager: AiTaskManager;
    script(name: string, turns: ScriptedTurn[]): void;
    close(): Promise<void>;
}

export interface TaskFixtureOptions {
    files: Record<string, string>;
    /** Talk to the fake through the gateway stand-in's unix socket (default), or straight to its URL. */
    via?: 'gateway-socket' | 'base-url';
    status?: Partial<ModelStatus>;
    memory?: MemoryService;
    settings?: Partial<AiTasksSettings>;
}

export async function taskFixture(options: TaskFixtureOptions): Promise<TaskFixture> {
    const project = await temporaryProject(options.files);
    const fake = new FakeMessagesApi();
    const url = await fake.start();
    let gateway: FakeGatewaySocket | undefined;
    let endpoint: ModelEndpoint;
    if ((options.via ?? 'gateway-socket') === 'gateway-socket') {
        gateway = new FakeGatewaySocket(url, options.status);
        endpoint = { socketPath: await gateway.start(project.base) };
    } else {
        endpoint = { baseURL: url };
    }
    const settings: AiTasksSettings = {
        workspaceRoot: project.workspace,
        scratchBase: project.scratchBase,
        endpoint,
        user: 'tester',
        maxConcurrentTasks: 2,
        maxAutoFixRounds: 2,
        defaultLimits: { ...DEFAULT_LIMITS, wallTimeMs: 60_000 },
        fallbackStatus: { models: [TEST_MODEL], pricesUsdPerMillionTokens: TEST_PRICES, maxTaskBudgetUsd: 5 },
        ...options.settings
    };
    const manager = new AiTaskManager(settings, new QualityGateRunner(), options.memory);
    return {
        project,
        fake,
        gateway,
        manager,
        script: (name, turns) => fake.script(name, turns),
        async close() {
            await manager.dispose();
            await gateway?.close();
            await fake.close();
            await project.remove();
        }
    };
}

export async function waitForTask(manager: AiTaskManager, id: string, statuses: TaskStatus[], timeoutMs = 30_000,
    condition: (task: TaskDetail) => boolean = () => true): Promise<TaskDetail> {
    const deadline = Date.now() + timeoutMs;
    for (; ;) {
        const task = await manager.get(id);
        if (statuses.includes(task.status) && condition(task)) {
            return task;
        }
        if (Date.now() > deadline) {
            throw new Error(`timed out after ${timeoutMs} ms waiting for task ${id} to be ${statuses.join(' or ')}; ` +
                `it is ${task.status}${task.reason ? ` (${task.reason})` : ''}${task.activity ? ` [${task.activity}]` : ''}`);
        }
        await new Promise(resolve => setTimeout(resolve, 50));
    }
}

export async function waitFor(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
        if (Date.now() > deadline) {
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        }
        await new Promise(resolve => setTimeout(resolve, 50));
    }
}

let toolUseCount = 0;

export function toolUse(name: string, input: Record<string, unknown>): { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> } {
    return { type: 'tool_use', id: `toolu_test_${++toolUseCount}`, name, input };
}

export function text(value: string): { type: 'text'; text: string } {
    return { type: 'text', text: value };
}

/** Whether a pid is a live (non-zombie) process. */
export async function isAlive(pid: number): Promise<boolean> {
    const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
    return stat !== undefined && stat[stat.lastIndexOf(')') + 2] !== 'Z';
}
