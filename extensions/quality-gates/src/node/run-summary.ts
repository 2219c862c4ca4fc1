import { GateResult, GateRunResult } from '../common/gate-results';
import { formatDuration } from '@ide/sandbox-mcp/lib/common/formatting';
import { boundedLog } from './bounded-text';

/** Most of a failing gate's log in the text summary. */
export const SUMMARY_LOG_CHARS = 4 * 1024;
export const SUMMARY_FINDINGS_PER_GATE = 20;
/** The whole text summary. */
export const MAX_SUMMARY_CHARS = 64 * 1024;
/** Each gate's log in structuredContent. */
export const STRUCTURED_LOG_CHARS = 16 * 1024;

const STATUS_MARK: Record<GateResult['status'], string> = { pass: '✓', fail: '✗', error: '!', skipped: '-' };

/** A plain-text report of a run: one line per gate, its findings, the end of each failing gate's log. */
export function gateRunSummary(run: GateRunResult): string {
    const count = (status: GateResult['status']) => run.gates.filter(gate => gate.status === status).length;
    const lines = [
        `Quality gates: ${run.status}${run.cancelled ? ' (cancelled)' : ''} in ${formatDuration(run.durationMs)} — ` +
        `${count('pass')} passed, ${count('fail')} failed, ${count('error')} errors, ${count('skipped')} skipped`
    ];
    for (const gate of run.gates) {
        const findings = gate.findings.length ? `, ${gate.findings.length}${gate.findingsTruncated ? '+' : ''} finding${gate.findings.length === 1 ? '' : 's'}` : '';
        lines.push(`${STATUS_MARK[gate.status]} ${gate.gate} (${gate.kind}${gate.command ? `: ${gate.command}` : ''}): ${gate.status}` +
            ` in ${formatDuration(gate.durationMs)}${findings}${gate.reason ? ` — ${gate.reason}` : ''}`);
        for (const finding of gate.findings.slice(0, SUMMARY_FINDINGS_PER_GATE)) {
            lines.push(`    ${finding.file}:${finding.line}${finding.column ? `:${finding.column}` : ''}: ${finding.severity}: ${finding.message}` +
                (finding.rule ? ` [${finding.rule}]` : ''));
        }
        if (gate.findings.length > SUMMARY_FINDINGS_PER_GATE) {
            lines.push(`    … ${gate.findings.length - SUMMARY_FINDINGS_PER_GATE} more in structuredContent`);
        }
    }
    for (const gate of run.gates.filter(gate => (gate.status === 'fail' || gate.status === 'error') && gate.log.trim())) {
        lines.push('', `--- log of ${gate.gate} ---`, boundedLog(gate.log, SUMMARY_LOG_CHARS).trimEnd());
    }
    const text = lines.join('\n');
    return text.length > MAX_SUMMARY_CHARS
        ? `${text.slice(0, MAX_SUMMARY_CHARS)}\n[summary cut at ${MAX_SUMMARY_CHARS / 1024} KiB; structuredContent has every gate and finding]`
        : text;
}

/** The run result with each log cut to STRUCTURED_LOG_CHARS. */
export function gateRunStructuredContent(run: GateRunResult): Record<string, unknown> {
    return { ...run, gates: run.gates.map(gate => ({ ...gate, log: boundedLog(gate.log, STRUCTURED_LOG_CHARS) })) };
}
