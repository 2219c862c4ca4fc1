import { z } from 'zod';
import { invalid } from '../errors/domain-error.js';
import { ToolCallAudit } from './audit-log.js';

const OUTCOMES = ['ok', 'error', 'refused', 'cancelled'] as const;
export const AUDIT_LIMIT = { default: 100, max: 1000 };

const field = z.string().trim().max(64).optional().transform(value => value || undefined);

/** What the admin's audit view may be narrowed to; each filter is an exact match (the user by name). */
const auditFilterSchema = z.object({
    user: field,
    workspace: field,
    tool: field,
    outcome: z.union([z.enum(OUTCOMES), z.literal('')]).optional().transform(value => value || undefined),
    limit: z.union([z.coerce.number().int().min(1).max(AUDIT_LIMIT.max), z.literal('')]).optional().transform(value => value || AUDIT_LIMIT.default)
});

export type AuditFilter = z.output<typeof auditFilterSchema>;

export const NO_AUDIT_FILTER: AuditFilter = { user: undefined, workspace: undefined, tool: undefined, outcome: undefined, limit: AUDIT_LIMIT.default };

/** Reads the filters from a query string; a bad one is refused with what is allowed. */
export function parseAuditFilter(query: unknown): AuditFilter {
    const { user, workspace, tool, outcome, limit } = (query ?? {}) as Record<string, unknown>;
    const parsed = auditFilterSchema.safeParse({ user, workspace, tool, outcome, limit });
    if (!parsed.success) {
        throw invalid(`audit filters: user, workspace and tool are at most 64 characters, outcome one of ${OUTCOMES.join(', ')}, limit 1 to ${AUDIT_LIMIT.max}`);
    }
    return parsed.data;
}

/** `workspace` matches a workspace's id or, through `nameOf`, its name. */
export function matchesAuditFilter(filter: AuditFilter, nameOf: (workspaceId: string) => string | undefined) {
    return (entry: ToolCallAudit): boolean =>
        (!filter.user || entry.username === filter.user) &&
        (!filter.workspace || entry.workspaceId === filter.workspace || nameOf(entry.workspaceId) === filter.workspace) &&
        (!filter.tool || entry.tool === filter.tool) &&
        (!filter.outcome || entry.outcome === filter.outcome);
}
