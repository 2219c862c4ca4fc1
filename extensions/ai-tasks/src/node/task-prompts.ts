import { TaskGateRun } from '../common/ai-task-types';

export function systemPrompt(workspaceRoot: string): string {
    return [
        'You are a coding agent working on a software project for a user of a browser IDE.',
        `You work in a private scratch copy of the project at ${workspaceRoot} (paths are relative to the project root). ` +
        'Your changes become a change set that the user reviews file by file; it is applied to the real workspace only when ' +
        'they accept it and the project\'s quality gates pass.',
        'Use the tools to read, search and change files and to run commands (bash, no network). The copy has a git ' +
        'repository of its own whose one commit is the state you started from.',
        'memory_search finds the team\'s recorded decisions, conventions and docs: consult it before design choices.',
        'Keep the change focused on the task. Never touch .git. Do not repeat a tool call that already failed the same way.',
        'When you are done, answer without calling tools: a short summary of what you changed and why.'
    ].join('\n\n');
}

/** The gate failures, as the next user message of an auto-fix round. */
export function autoFixPrompt(run: TaskGateRun): string {
    const failing = run.gates.filter(gate => gate.status === 'fail' || gate.status === 'error');
    const lines = ['The project\'s quality gates failed on your change:'];
    if (run.error) {
        lines.push(`- the gate configuration could not be read: ${run.error}`);
    }
    for (const gate of failing) {
        lines.push(`- gate "${gate.gate}": ${gate.status}${gate.reason ? ` (${gate.reason})` : ''}`);
        lines.push(...gate.findings.map(finding => `  ${finding}`));
        if (gate.log.trim()) {
            lines.push('  log (end):', ...gate.log.trim().split('\n').map(line => `    ${line}`));
        }
    }
    lines.push('', 'Fix these problems in the files; the gates run again afterwards. Finish with a short summary.');
    return lines.join('\n');
}
