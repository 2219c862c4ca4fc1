import { TaskDetail, TaskSummary } from '../../common/ai-task-types';
import { formatUsd } from '../model-pricing';

export function describeSummary(task: TaskSummary): string {
    const usage = task.usage;
    return `${task.id}: ${task.status}${task.activity ? ` (${task.activity})` : ''}${task.reason ? ` — ${task.reason}` : ''}\n` +
        `  model ${task.model}, ${usage.turns} turns, ${usage.inputTokens} tokens in / ${usage.outputTokens} out, ` +
        `${formatUsd(usage.costUsd)} of ${formatUsd(task.budgetUsd)}, gates ${task.gates}, ${task.fileCount} files, ` +
        `${Math.round(task.durationMs / 1000)} s\n  task: ${firstLine(task.text)}`;
}

export function describeDetail(task: TaskDetail, steps: number, includeDiff: boolean): string {
    const lines = [describeSummary(task)];
    if (task.gateRun) {
        lines.push('', `quality gates: ${task.gateRun.status}${task.gateRun.error ? ` — ${task.gateRun.error}` : ''}`);
        for (const gate of task.gateRun.gates) {
            lines.push(`  ${gate.gate}: ${gate.status}${gate.reason ? ` (${gate.reason})` : ''}`, ...gate.findings.map(finding => `    ${finding}`));
        }
    }
    if (task.files.length) {
        lines.push('', 'change set:');
        for (const file of task.files) {
            lines.push(`  ${file.change} ${file.path} (+${file.additions} -${file.deletions})${file.stale ? ' STALE' : ''}${file.decision === 'rejected' ? ' rejected' : ''}`);
        }
        if (includeDiff) {
            lines.push('', ...task.files.map(file => file.diff));
        }
    }
    const shown = steps > 0 ? task.steps.slice(-steps) : [];
    if (shown.length) {
        lines.push('', `latest ${shown.length} of ${task.steps.length} steps:`);
        for (const step of shown) {
            lines.push(`  [${step.kind}${step.tool ? ` ${step.tool}` : ''}${step.isError ? ' error' : ''}] ${step.text.split('\n').slice(0, 8).join('\n    ')}`);
        }
    }
    return lines.join('\n');
}

function firstLine(text: string): string {
    const line = text.split('\n')[0];
    return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
