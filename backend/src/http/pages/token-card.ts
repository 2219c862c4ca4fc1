import { TokenView } from '../../tokens/api-tokens.js';
import { WorkspaceView } from '../../workspaces/workspace-service.js';
import { checkedIf, formError, formValue, FormState, selectedIf } from './form-state.js';
import { mcpClientCommands, mcpServerName } from './mcp-client-commands.js';
import { escapeHtml, text } from './page-layout.js';

export interface TokenCardModel {
    tokens: TokenView[];
    workspaces: WorkspaceView[];
    /** Right after a token was made: its secret, shown this once. */
    newToken?: { secret: string; token: TokenView };
    /** The gateway's MCP endpoint, `…/mcp`. */
    mcpUrl: string;
    form?: FormState;
}

const FORM = 'create-token';

/** The dashboard's Agent tokens card: the user's tokens, the form for a new one, and a new one's setup commands. */
export function tokenCard(model: TokenCardModel): string {
    const { tokens, workspaces, form } = model;
    const workspaceName = (id?: string): string => id ? text(workspaces.find(workspace => workspace.id === id)?.name ?? id) : 'all workspaces';
    const rows = tokens.map(token => `
<tr data-token="${text(token.id)}">
  <td>${text(token.name)}<br><code class="muted">${text(token.hint)}…</code></td>
  <td>${workspaceName(token.workspaceId)}${token.readOnly ? ', read-only' : ''}</td>
  <td>${text(token.createdAt.slice(0, 10))}</td>
  <td>${token.lastUsedAt ? text(token.lastUsedAt.replace('T', ' ').slice(0, 16)) : '<span class="muted">never</span>'}</td>
  <td>${token.expiresAt ? text(token.expiresAt.slice(0, 10)) : '<span class="muted">never</span>'}</td>
  <td><form class="inline" method="post" action="/api/tokens/${text(token.id)}/revoke"><button class="danger" type="submit" aria-label="Revoke token ${text(token.name)}">Revoke</button></form></td>
</tr>`).join('');
    return `
<div class="card" id="tokens">
<h2>Agent tokens (MCP)</h2>
<p class="muted">Agents connect to <code>${text(model.mcpUrl)}/&lt;workspace&gt;</code> with <code>Authorization: Bearer &lt;token&gt;</code>.</p>
${model.newToken ? newTokenNotice(model) : ''}
<form method="post" action="/api/tokens" id="${FORM}">
  ${formError(form, FORM)}
  <label>Token name <input name="name" placeholder="claude-code" required maxlength="64" value="${text(formValue(form, FORM, 'name'))}"></label>
  <label>Token workspace <select name="workspaceId"><option value="">all my workspaces</option>${workspaces.map(workspace =>
        `<option value="${text(workspace.id)}"${selectedIf(form, FORM, 'workspaceId', workspace.id)}>${text(workspace.name)}</option>`).join('')}</select></label>
  <label><input type="checkbox" name="readOnly"${checkedIf(form, FORM, 'readOnly')}> read-only</label>
  <label>Expires in days <input name="expiresInDays" type="number" min="1" max="366" placeholder="never" style="width:6em" value="${text(formValue(form, FORM, 'expiresInDays'))}"></label>
  <button type="submit">Create token</button>
</form>
${tokens.length ? `<table><thead><tr><th>Name</th><th>Reaches</th><th>Created</th><th>Last used</th><th>Expires</th><th></th></tr></thead><tbody>${rows}</tbody></table>` : ''}
</div>`;
}

/** The secret once, with a copy button, and each client's setup with the token's endpoint filled in. */
function newTokenNotice({ newToken, workspaces, mcpUrl }: TokenCardModel): string {
    const { secret, token } = newToken!;
    const scoped = workspaces.find(workspace => workspace.id === token.workspaceId);
    const example = scoped ?? workspaces[0];
    const url = `${mcpUrl}/${example ? encodeURIComponent(example.name) : '<workspace>'}`;
    const commands = mcpClientCommands(url, mcpServerName(example?.name ?? token.name), secret);
    const copyable = (id: string, label: string, content: string, element: 'code' | 'pre'): string =>
        `<${element} id="${id}">${escapeHtml(content)}</${element}> <button type="button" class="secondary" data-copy="${id}" data-label="Copy" aria-label="${text(label)}">Copy</button>`;
    return `<div class="notice" role="status" id="new-token-notice">
<p>New token <strong>${text(token.name)}</strong> — copy it now, it is not shown again:</p>
<p>${copyable('new-token', 'Copy the token', secret, 'code')}</p>
<p class="muted">${scoped ? `It reaches ${text(scoped.name)} only.` : example
        ? `It reaches all your workspaces: the commands use ${text(example.name)}; put another workspace's name at the end of the URL for another.`
        : 'It reaches all your workspaces: put a workspace\'s name in place of &lt;workspace&gt;.'}</p>
${commands.map(command => `<h3>${text(command.client)}</h3>${copyable(`command-${command.id}`, `Copy the ${command.client} setup`, command.text, 'pre')}`).join('\n')}
</div>`;
}
