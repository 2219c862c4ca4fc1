import { JsonLinesLog } from './json-lines-log.js';

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

/** One line per agent tool call (`audit.jsonl`). */
export class AuditLog extends JsonLinesLog<ToolCallAudit> { }
