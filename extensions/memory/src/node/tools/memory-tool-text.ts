import { MemoryEntry, MemoryProblem, MemorySearchHit } from '../../common/memory-types';

/** How the memory tools describe entries, hits and problems to an agent. */

export function describeEntry(entry: MemoryEntry, file: string): string {
    const lines = [
        `id: ${entry.id}`,
        `kind: ${entry.kind}`,
        `title: ${entry.title}`,
        `tags: ${entry.tags.join(', ') || '(none)'}`,
        `author: ${entry.author.name} (${entry.author.kind})`,
        `created: ${entry.created}`,
        `updated: ${entry.updated}`,
        `file: ${file}`
    ];
    if (entry.links.length > 0) {
        lines.push(`links: ${entry.links.map(link => link.line === undefined ? link.path : `${link.path}:${link.line}`).join(', ')}`);
    }
    return lines.join('\n');
}

export function describeHit(hit: MemorySearchHit, position: number): string {
    const where = hit.kind === 'doc' ? `${hit.path}:${hit.line}` : `id ${hit.id}, ${hit.path}`;
    const lines = [`${position}. [${hit.kind}] ${hit.highlightedTitle} (${where}; score ${hit.score})`];
    if (hit.tags.length > 0) {
        lines.push(`   tags: ${hit.tags.join(', ')}`);
    }
    if (hit.links && hit.links.length > 0) {
        lines.push(`   links: ${hit.links.map(link => link.line === undefined ? link.path : `${link.path}:${link.line}`).join(', ')}`);
    }
    if (hit.snippet) {
        lines.push(`   ${hit.snippet}`);
    }
    return lines.join('\n');
}

export function describeProblems(problems: MemoryProblem[]): string {
    return problems.length === 0 ? '' :
        `\n\n${problems.length} file(s) could not be read and were skipped:\n` +
        problems.map(problem => `- ${problem.file}: ${problem.reason}`).join('\n');
}
