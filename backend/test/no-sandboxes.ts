import { SandboxEndpoint, SandboxProvider, SandboxStatus, SandboxSummary } from '../src/sandbox/sandbox-provider.js';

/** A sandbox engine with nothing in it, for tests that only exercise the gateway's own routes. */
export class NoSandboxes implements SandboxProvider {
    async ensureRunning(): Promise<SandboxEndpoint> { throw new Error('no sandboxes in this test'); }
    async status(workspaceId: string): Promise<SandboxStatus> { return { workspaceId, state: 'absent' }; }
    async list(): Promise<SandboxSummary[]> { return []; }
    async stop(): Promise<void> { }
    async remove(): Promise<void> { }
    async removeOrphans(): Promise<string[]> { return []; }
    async ping(): Promise<void> { }
}
