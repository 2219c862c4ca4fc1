import { inject, injectable } from '@theia/core/shared/inversify';
import URI from '@theia/core/lib/common/uri';
import { FrontendApplicationContribution } from '@theia/core/lib/browser/frontend-application-contribution';
import { Diagnostic, DiagnosticSeverity } from '@theia/core/shared/vscode-languageserver-protocol';
import { ProblemManager } from '@theia/markers/lib/browser/problem/problem-manager';
import { GateFinding, GateResult } from '../common/gate-results';
import { QualityGatesModel } from './quality-gates-model';

export const QUALITY_GATES_MARKER_OWNER = 'quality-gates';

/** Shows the latest findings of every gate in the Problems view, replacing those of earlier runs. */
@injectable()
export class QualityGatesMarkers implements FrontendApplicationContribution {
    @inject(ProblemManager) protected readonly problems!: ProblemManager;
    @inject(QualityGatesModel) protected readonly model!: QualityGatesModel;

    protected marked = new Set<string>();

    onStart(): void {
        this.model.onDidChangeResults(() => this.update());
        // Not awaited: the shell must not wait for the gates.
        this.model.initialize().catch(error => console.error('quality-gates: could not load the gates', error));
    }

    protected update(): void {
        const root = this.model.rootUri;
        if (!root) {
            return;
        }
        const byFile = new Map<string, { uri: URI; diagnostics: Diagnostic[] }>();
        for (const result of this.model.latestResults) {
            for (const finding of result.findings) {
                const uri = findingUri(root, finding);
                const entry = byFile.get(uri.toString()) ?? { uri, diagnostics: [] };
                entry.diagnostics.push(toDiagnostic(result, finding));
                byFile.set(uri.toString(), entry);
            }
        }
        for (const stale of [...this.marked].filter(uri => !byFile.has(uri))) {
            this.problems.setMarkers(new URI(stale), QUALITY_GATES_MARKER_OWNER, []);
        }
        for (const { uri, diagnostics } of byFile.values()) {
            this.problems.setMarkers(uri, QUALITY_GATES_MARKER_OWNER, diagnostics);
        }
        this.marked = new Set(byFile.keys());
    }
}

export function findingUri(root: URI, finding: GateFinding): URI {
    return finding.file.startsWith('/') ? URI.fromFilePath(finding.file) : root.resolve(finding.file);
}

function toDiagnostic(result: GateResult, finding: GateFinding): Diagnostic {
    const line = Math.max(0, finding.line - 1);
    const character = Math.max(0, (finding.column ?? 1) - 1);
    return {
        range: { start: { line, character }, end: { line, character: finding.column ? character + 1 : Number.MAX_SAFE_INTEGER } },
        severity: finding.severity === 'error' ? DiagnosticSeverity.Error : finding.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
        source: `quality gate ${result.gate}`,
        ...(finding.rule && { code: finding.rule }),
        message: finding.message
    };
}
