import { StoredExtension } from '../../extensions-registry/extension-store.js';
import { extensionsCard } from './admin-extensions-card.js';
import { AuditFilter } from '../../audit/audit-filter.js';
import { ToolCallAudit } from '../../audit/audit-log.js';
import { TaskRecord } from '../../audit/task-records.js';
import { SandboxProfile } from '../../config/profiles.js';
import { UsageTotals } from '../../llm/usage-ledger.js';
import { imageBuildHint } from '../../sandbox/image-presence.js';
import { UserRecord } from '../../store/records.js';
import { checkedIf, formError, formValue, FormState, selectedIf } from './form-state.js';
import { page, pageMessages, text } from './page-layout.js';

/** A workspace of any user, or a sandbox that has none (a warm one, a deleted one's leftover). */
export interface AdminWorkspaceView {
    workspaceId: string;
    workspaceName: string;
    /** False for a sandbox without a workspace: nothing to delete, nobody's to stop. */
    isWorkspace: boolean;
    owner: string;
    profile: string;
    state: string;
    /** The latest of its last open and its last traffic since the gateway started. */
    lastActivityAt?: string;
    volumeBytes?: number;
    cpuPercent?: number;
    memoryMiB?: number;
    memoryLimitMiB?: number;
    pids?: number;
}

export interface AdminProfileView {
    profile: SandboxProfile;
    imagePresent: boolean | undefined;
    isDefault: boolean;
}

export interface AdminModel {
    admin: UserRecord;
    users: UserRecord[];
    defaults: { maxWorkspaces: number; maxRunningSandboxes: number };
    workspaces: AdminWorkspaceView[];
    /** False when the engine cannot tell volume sizes (then the column is left out). */
    volumeSizesKnown: boolean;
    profiles: AdminProfileView[];
    audit: { entries: ToolCallAudit[]; filter: AuditFilter; workspaceName: (id: string) => string | undefined };
    llmUsage: { username: string; totals: UsageTotals }[];
    llmConfigured: boolean;
    tasks: TaskRecord[];
    profilesText: string;
    extensions: StoredExtension[];
    maxExtensionBytes: number;
    /** Where workspaces' IDEs are served: their own origins, or (unsafe) paths of the gateway's. */
    workspaceOrigins: { mode: 'subdomain' | 'path'; domain: string };
    message?: { error?: string; notice?: string };
    form?: FormState;
}

const MIB = 1024 * 1024;
const when = (iso: string | undefined): string => iso ? text(iso.replace('T', ' ').slice(0, 16)) : '<span class="muted">never</span>';

/** /admin: every workspace with its sandbox, users and quotas, profiles and images, the agents' audit log, model spend. */
export function adminPage(model: AdminModel): string {
    return page('Admin', `
<header><h1>Admin</h1>
<form method="post" action="/logout"><a href="/">Workspaces</a> · <span class="muted">${text(model.admin.username)}</span> <button class="secondary" type="submit">Sign out</button></form></header>
${pageMessages(model.message)}
${originsNote(model.workspaceOrigins)}
${workspacesCard(model)}
${usersCard(model)}
${profilesCard(model)}
${extensionsCard(model.extensions, model.profiles.map(view => view.profile), model.maxExtensionBytes)}
${auditCard(model)}
${llmCard(model)}`, { withScript: true, path: '/admin' });
}

function originsNote({ mode, domain }: AdminModel['workspaceOrigins']): string {
    return mode === 'path'
        ? `<p class="error" role="alert" id="workspace-origins">Workspaces share the gateway's origin (IDE_WORKSPACE_ORIGINS=path): a page served from inside a sandbox acts with its owner's session. This is unsafe for untrusted code; give workspaces their own origins with a wildcard domain (IDE_WORKSPACE_DOMAIN).</p>`
        : `<p class="muted" id="workspace-origins">Each workspace's IDE is served on its own origin, <code>&lt;id&gt;.${text(domain)}</code>.</p>`;
}

function volumeSize(bytes: number | undefined): string {
    return bytes === undefined ? '' : bytes >= 1024 * MIB ? `${(bytes / 1024 / MIB).toFixed(1)} GiB` : `${(bytes / MIB).toFixed(1)} MiB`;
}

function workspacesCard({ workspaces, volumeSizesKnown, form }: AdminModel): string {
    const rows = workspaces.map(workspace => {
        const id = text(workspace.workspaceId);
        const actions = workspace.isWorkspace ? `
    ${workspace.state === 'running' || workspace.state === 'starting' ? `<form class="inline" method="post" action="/api/admin/workspaces/${id}/stop"><button class="secondary" type="submit">Stop</button></form>` : ''}
    <form class="inline" method="post" action="/api/admin/workspaces/${id}/delete" data-confirm="Delete ${text(workspace.owner)}'s workspace ${text(workspace.workspaceName)} and all its files?"><button class="danger" type="submit">Delete</button></form>
    ${formError(form, `workspace-${workspace.workspaceId}`)}` : '';
        return `
<tr ${workspace.isWorkspace ? 'data-workspace' : 'data-sandbox'}="${id}">
  <td>${text(workspace.workspaceName)}<br><code class="muted">${id}</code></td><td>${text(workspace.owner)}</td><td>${text(workspace.profile)}</td>
  <td class="state-${text(workspace.state)}">${text(workspace.state)}</td>
  <td>${workspace.isWorkspace ? when(workspace.lastActivityAt) : ''}</td>
  ${volumeSizesKnown ? `<td>${volumeSize(workspace.volumeBytes)}</td>` : ''}
  <td>${workspace.cpuPercent === undefined ? '' : `${workspace.cpuPercent.toFixed(1)} %`}</td>
  <td>${workspace.memoryMiB === undefined ? '' : `${workspace.memoryMiB.toFixed(0)} / ${workspace.memoryLimitMiB?.toFixed(0)} MiB`}</td>
  <td>${text(workspace.pids)}</td>
  <td>${actions}</td>
</tr>`;
    }).join('');
    return `<div class="card" id="workspaces"><h2>Workspaces and sandboxes</h2>${workspaces.length
        ? `<table><thead><tr><th>Workspace</th><th>Owner</th><th>Profile</th><th>Sandbox</th><th>Last activity</th>${volumeSizesKnown ? '<th>Files</th>' : ''}<th>CPU</th><th>Memory</th><th>Processes</th><th></th></tr></thead><tbody>${rows}</tbody></table>
${volumeSizesKnown ? '' : '<p class="muted">Volume sizes are not shown: the sandbox engine does not report them.</p>'}`
        : '<p class="muted">No workspaces yet.</p>'}</div>`;
}

function usersCard({ users, defaults, admin, form }: AdminModel): string {
    const rows = users.map(user => {
        const formId = `user-${user.id}`;
        const name = text(user.username);
        return `
<tr data-user="${name}">
  <td>${name}${user.isAdmin ? ' <span class="muted">(admin)</span>' : ''}${user.disabled ? ' <span class="error">disabled</span>' : ''}</td>
  <td class="user-origin">${user.oidc ? `single sign-on<br><span class="muted">${text(user.oidc.issuer)}<br>subject <code>${text(user.oidc.subject)}</code></span>` : 'local'}</td>
  <td class="last-sign-in">${user.lastSignInAt ? text(user.lastSignInAt.replace('T', ' ').slice(0, 16)) : '<span class="muted">never</span>'}</td>
  <td><form method="post" action="/api/admin/users/${text(user.id)}" id="${text(formId)}">
    ${formError(form, formId)}
    <label>Max workspaces <input name="maxWorkspaces" type="number" min="0" max="1000" style="width:5em" aria-label="Max workspaces of ${name}" placeholder="${defaults.maxWorkspaces}" value="${text(formValue(form, formId, 'maxWorkspaces', String(user.quota?.maxWorkspaces ?? '')))}"></label>
    <label>Max running sandboxes <input name="maxRunningSandboxes" type="number" min="0" max="1000" style="width:5em" aria-label="Max running sandboxes of ${name}" placeholder="${defaults.maxRunningSandboxes}" value="${text(formValue(form, formId, 'maxRunningSandboxes', String(user.quota?.maxRunningSandboxes ?? '')))}"></label>
    ${user.oidc ? `<span class="muted" title="from the identity provider, refreshed at every sign-in">groups: ${text(user.groups?.join(', ') || 'none')}</span>`
        : `<label>Groups <input name="groups" style="width:9em" aria-label="Groups of ${name}" placeholder="comma separated" value="${text(formValue(form, formId, 'groups', user.groups?.join(', ') ?? ''))}"></label>`}
    <button class="secondary" type="submit">Set quotas and groups</button></form></td>
  <td>${user.id === admin.id ? '' : `
    <form class="inline" method="post" action="/api/admin/users/${text(user.id)}"><input type="hidden" name="disabled" value="${user.disabled ? 'false' : 'true'}"><button class="${user.disabled ? 'secondary' : 'danger'}" type="submit">${user.disabled ? 'Enable' : 'Disable'}</button></form>
    <form class="inline" method="post" action="/api/admin/users/${text(user.id)}"><input type="hidden" name="isAdmin" value="${user.isAdmin ? 'false' : 'true'}"><button class="secondary" type="submit">${user.isAdmin ? 'Remove admin' : 'Make admin'}</button></form>`}
    ${user.oidc ? '' : `<form class="inline" method="post" action="/api/admin/users/${text(user.id)}"><label>New password <input name="password" type="password" minlength="8" aria-label="New password for ${name}" required></label><button class="secondary" type="submit">Reset password</button></form>`}
  </td>
</tr>`;
    }).join('');
    return `<div class="card" id="users"><h2>Users</h2>
<form method="post" action="/api/admin/users" id="create-user">
  ${formError(form, 'create-user')}
  <label>Username <input name="username" required maxlength="32" value="${text(formValue(form, 'create-user', 'username'))}"></label>
  <label>Password <input name="password" type="password" required minlength="8"></label>
  <label><input type="checkbox" name="isAdmin" value="true"${checkedIf(form, 'create-user', 'isAdmin')}> admin</label>
  <button type="submit">Create user</button>
</form>
<p class="muted">Quotas: workspaces, running sandboxes (empty = the server default, ${defaults.maxWorkspaces} and ${defaults.maxRunningSandboxes}).</p>
<table><thead><tr><th>User</th><th>Signs in with</th><th>Last sign-in</th><th>Quotas, groups</th><th></th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function profilesCard({ profiles, profilesText, form }: AdminModel): string {
    const missing = profiles.filter(view => view.imagePresent === false).map(({ profile }) =>
        `<p class="error" role="alert" data-missing-image="${text(profile.name)}">Users cannot start profile <strong>${text(profile.name)}</strong>: its image <code>${text(profile.image)}</code> is missing on the sandbox engine, so it is hidden from their create form. To fix it, ${text(imageBuildHint(profile.image))}.</p>`).join('');
    const rows = profiles.map(({ profile, imagePresent, isDefault }) => `
<tr data-profile="${text(profile.name)}">
  <td>${text(profile.name)}${isDefault ? ' <span class="muted">(default)</span>' : ''}<br><span class="muted">${text(profile.description)}</span></td>
  <td><code>${text(profile.image)}</code><br>${imagePresent === false ? '<span class="error">image missing</span>' : imagePresent ? '<span class="notice">present</span>' : ''}</td>
  <td>${profile.cpus} CPU, ${(profile.memory / MIB).toFixed(0)} MiB, ${profile.pids} processes</td>
  <td>${text(profile.network)}, ${text(profile.runtime)}</td>
  <td>idle ${profile.idleMinutes} min${profile.maxLifetimeHours ? `, at most ${profile.maxLifetimeHours} h` : ''}${profile.warmPool ? `, ${profile.warmPool} warm` : ''}</td>
  <td>${profile.allowedUsers || profile.allowedGroups ? text([...(profile.allowedUsers ?? []), ...(profile.allowedGroups ?? []).map(group => `group ${group}`)].join(', ')) : '<span class="muted">everyone</span>'}</td>
</tr>`).join('');
    return `<div class="card" id="profiles"><h2>Profiles</h2>
${missing}
<table><thead><tr><th>Profile</th><th>Image</th><th>Limits</th><th>Network, runtime</th><th>Lifecycle</th><th>Users</th></tr></thead><tbody>${rows}</tbody></table>
<form method="post" action="/api/admin/profiles" id="profiles-file">
  ${formError(form, 'profiles-file')}
  <p><label>Profiles file (YAML; validated before it is saved, used for the next sandbox starts)<br>
  <textarea name="yaml" rows="16" style="width:100%;font-family:monospace" spellcheck="false">${text(formValue(form, 'profiles-file', 'yaml', profilesText))}</textarea></label></p>
  <button type="submit">Save profiles</button>
</form></div>`;
}

const OUTCOME_OPTIONS = ['', 'ok', 'error', 'refused', 'cancelled'];

function auditCard({ audit, form }: AdminModel): string {
    const { entries, filter, workspaceName } = audit;
    // A refused filter is shown as typed; otherwise the filter in force.
    const value = (name: keyof AuditFilter): string => formValue(form, 'audit', name, String(filter[name] ?? ''));
    const rows = entries.map(entry => `<tr data-audit-tool="${text(entry.tool)}"><td>${text(entry.at.replace('T', ' ').slice(0, 19))}</td><td>${text(entry.username)}</td><td>${text(entry.tokenName)}</td>` +
        `<td>${text(workspaceName(entry.workspaceId) ?? entry.workspaceId)}</td><td>${text(entry.tool)}</td><td>${entry.durationMs} ms</td>` +
        `<td class="${entry.outcome === 'ok' ? 'notice' : 'error'}">${text(entry.outcome)}${entry.error ? `<br><span class="muted">${text(entry.error.slice(0, 200))}</span>` : ''}</td></tr>`).join('');
    return `<div class="card" id="audit"><h2>Agent audit log</h2>
<form method="get" action="/admin#audit" id="audit-filter">
  ${formError(form, 'audit')}
  <label>Filter by user <input name="user" maxlength="64" style="width:8em" value="${text(value('user'))}"></label>
  <label>Filter by workspace <input name="workspace" maxlength="64" style="width:8em" placeholder="name or id" value="${text(value('workspace'))}"></label>
  <label>Filter by tool <input name="tool" maxlength="64" style="width:9em" value="${text(value('tool'))}"></label>
  <label>Filter by outcome <select name="outcome">${OUTCOME_OPTIONS.map(outcome =>
        `<option value="${outcome}"${selectedIf(form, 'audit', 'outcome', outcome, (filter.outcome ?? '') === outcome)}>${outcome || 'any'}</option>`).join('')}</select></label>
  <label>Show at most <input name="limit" type="number" min="1" max="1000" style="width:5em" value="${text(value('limit'))}"></label>
  <button class="secondary" type="submit">Filter</button> <a href="/admin#audit">Clear</a>
</form>
${rows ? `<p class="muted">The newest ${entries.length} matching call${entries.length === 1 ? '' : 's'}${entries.length === filter.limit ? ' (there may be more: narrow the filters or show more)' : ''}.</p>
<table><thead><tr><th>When</th><th>User</th><th>Token</th><th>Workspace</th><th>Tool</th><th>Took</th><th>Outcome</th></tr></thead><tbody>${rows}</tbody></table>`
        : '<p class="muted">No agent tool calls match.</p>'}
</div>`;
}

function llmCard({ llmUsage, llmConfigured, tasks }: AdminModel): string {
    const usage = llmUsage.map(({ username, totals }) => `<tr><td>${text(username)}</td><td>${totals.requests}</td><td>${totals.inputTokens}</td><td>${totals.outputTokens}</td><td>$${totals.costUsd.toFixed(4)}</td></tr>`).join('');
    const taskRows = tasks.slice(0, 20).map(task => `<tr><td>${text(task.at.replace('T', ' ').slice(0, 16))}</td><td>${text(task.username)}</td><td>${text(task.text.slice(0, 80))}</td><td>${text(task.model)}</td><td>${task.turns}</td><td>$${task.metered.costUsd.toFixed(4)}</td><td>${text(task.gates)}</td><td>${text(task.outcome)}</td></tr>`).join('');
    return `<div class="card" id="models"><h2>Models</h2>
<p>${llmConfigured ? 'The model proxy has an API key.' : '<span class="error">No model API key: set IDE_ANTHROPIC_API_KEY to enable AI tasks.</span>'}</p>
${usage ? `<h3>This month</h3><table><thead><tr><th>User</th><th>Requests</th><th>Input tokens</th><th>Output tokens</th><th>Cost</th></tr></thead><tbody>${usage}</tbody></table>` : ''}
${taskRows ? `<h3>Recent AI tasks</h3><table><thead><tr><th>When</th><th>User</th><th>Task</th><th>Model</th><th>Turns</th><th>Metered</th><th>Gates</th><th>Outcome</th></tr></thead><tbody>${taskRows}</tbody></table>` : ''}
</div>`;
}
