import { appendFile, readFile } from 'node:fs/promises';

export interface ToolCallAudit {
    at: string;
    userId: string;
    username: string;
    tokenName: string;
    workspaceId: string;
    tool: string;
    durationMs: number;
    outcome: 'ok' | 'error' | 'refused' | 'cancelled';
    error?: string;
}

/** Append-only JSON lines: one per agent tool call, kept next to the gateway's state. */
export class AuditLog {
    private writing: Promise<void> = Promise.resolve();

    constructor(private readonly path: string) { }

    record(entry: ToolCallAudit): Promise<void> {
        this.writing = this.writing.then(() => appendFile(this.path, `${JSON.stringify(entry)}\n`, { mode: 0o600 })).catch(() => undefined);
        return this.writing;
    }

    /** The newest entries first, optionally of one user. */
    async recent(options: { userId?: string; limit: number }): Promise<ToolCallAudit[]> {
        await this.writing;
        let text: string;
        try {
            text = await readFile(this.path, 'utf8');
        } catch {
            return [];
        }
        const entries: ToolCallAudit[] = [];
        const lines = text.split('\n');
        for (let i = lines.length - 1; i >= 0 && entries.length < options.limit; i--) {
            if (!lines[i]) {
                continue;
            }
            const entry = JSON.parse(lines[i]) as ToolCallAudit;
            if (!options.userId || entry.userId === options.userId) {
                entries.push(entry);
            }
        }
        return entries;
    }
}
