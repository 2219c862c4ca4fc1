import { WorkspaceView } from '../../workspaces/workspace-service.js';
import { escapeHtml } from './page-layout.js';

const POST_CREATE_STATES = { running: 'running', succeeded: 'done', failed: 'failed' } as const;

/** Under a workspace's profile on the dashboard: the repository it came from, and what its devcontainer.json did. */
export function workspaceSourceSummary(workspace: WorkspaceView): string {
    if (!workspace.source) {
        return '';
    }
    const { source, devcontainer } = workspace;
    const origin = `<br><span class="muted">from ${escapeHtml(source.gitUrl)}${source.branch ? ` (${escapeHtml(source.branch)})` : ''}${source.cloned ? '' : ', cloned on first open'}</span>`;
    if (!devcontainer) {
        return origin;
    }
    const postCreate = devcontainer.postCreate;
    const postCreateLine = postCreate
        ? `<li>postCreateCommand ${POST_CREATE_STATES[postCreate.state]}${postCreate.exitCode !== undefined && postCreate.exitCode !== null ? ` (exit ${postCreate.exitCode})` : ''}${postCreate.outputTail ? `: <code>${escapeHtml(postCreate.outputTail.trim().split('\n').slice(-3).join('\n'))}</code>` : ''}</li>`
        : '';
    return `${origin}<details class="devcontainer"><summary>devcontainer.json</summary><ul>${devcontainer.notes.map(note => `<li>${escapeHtml(note)}</li>`).join('')}${postCreateLine}</ul></details>`;
}
