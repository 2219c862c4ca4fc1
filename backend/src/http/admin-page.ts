import { TaskRecord } from '../audit/task-records.js';
import { SandboxProfile } from '../config/profiles.js';
import { StoredExtension } from '../extensions-registry/extension-store.js';
import { UsageTotals } from '../llm/usage-ledger.js';
import { extensionsCard } from './admin-extensions-card.js';
import { UserRecord } from '../store/records.js';
import { escapeHtml, page } from './pages.js';

export interface AdminSandboxView {
    workspaceId: string;
    workspaceName: string;
    owner: string;
    profile: string;
    state: string;
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
    sandboxes: AdminSandboxView[];
    profiles: AdminProfileView[];
    llmUsage: { username: string; totals: UsageTotals }[];
    llmConfigured: boolean;
    tasks: TaskRecord[];
    profilesText: string;
    extensions: StoredExtension[];
    maxExtensionBytes: number;
    /** Where workspaces' IDEs are served: their own origins, or (unsafe) paths of the gateway's. */
    workspaceOrigins: { mode: 'subdomain' | 'path'; domain: string };
    message?: { error?: string; notice?: string };
}

const MIB = 1024 * 1024;
const text = (value: string | number | undefined): string => escapeHtml(String(value ?? ''));

/** /admin: users and quotas, running sandboxes with their CPU and memory, profiles and images, model spend. */
export function adminPage(model: AdminModel): string {
    const { message } = model;
    return page('Admin', `
<header><h1>Admin</h1><nav><a href="/">Workspaces</a> · <span class="muted">${text(model.admin.username)}</span></nav></header>
${message?.error ? `<p class="error" role="alert">${text(message.error)}</p>` : ''}
${message?.notice ? `<p class="notice" role="status">${text(message.notice)}</p>` : ''}
${originsNote(model.workspaceOrigins)}
${sandboxesCard(model.sandboxes)}
${usersCard(model)}
${profilesCard(model.profiles, model.profilesText)}
${extensionsCard(model.extensions, model.profiles.map(view => view.profile), model.maxExtensionBytes)}
${llmCard(model)}`);
}

function originsNote({ mode, domain }: AdminModel['workspaceOrigins']): string {
    return mode === 'path'
        ? `<p class="error" role="alert" id="workspace-origins">Workspaces share the gateway's origin (IDE_WORKSPACE_ORIGINS=path): a page served from inside a sandbox acts with its owner's session. This is unsafe for untrusted code; give workspaces their own origins with a wildcard domain (IDE_WORKSPACE_DOMAIN).</p>`
        : `<p class="muted" id="workspace-origins">Each workspace's IDE is served on its own origin, <code>&lt;id&gt;.${text(domain)}</code>.</p>`;
}

function sandboxesCard(sandboxes: AdminSandboxView[]): string {
    const rows = sandboxes.map(sandbox => `
<tr data-sandbox="${text(sandbox.workspaceId)}">
  <td>${text(sandbox.workspaceName)}<br><code class="muted">${text(sandbox.workspaceId)}</code></td><td>${text(sandbox.owner)}</td><td>${text(sandbox.profile)}</td>
  <td class="state-${text(sandbox.state)}">${text(sandbox.state)}</td>
  <td>${sandbox.cpuPercent === undefined ? '' : `${sandbox.cpuPercent.toFixed(1)} %`}</td>
  <td>${sandbox.memoryMiB === undefined ? '' : `${sandbox.memoryMiB.toFixed(0)} / ${sandbox.memoryLimitMiB?.toFixed(0)} MiB`}</td>
  <td>${text(sandbox.pids)}</td>
  <td>${sandbox.state === 'running' ? `<form class="inline" method="post" action="/api/admin/sandboxes/${text(sandbox.workspaceId)}/stop"><button class="secondary" type="submit">Stop</button></form>` : ''}</td>
</tr>`).join('');
    return `<div class="card" id="sandboxes"><h2>Sandboxes</h2>${sandboxes.length
        ? `<table><thead><tr><th>Workspace</th><th>Owner</th><th>Profile</th><th>State</th><th>CPU</th><th>Memory</th><th>Processes</th><th></th></tr></thead><tbody>${rows}</tbody></table>`
        : '<p class="muted">No sandboxes.</p>'}</div>`;
}

function usersCard({ users, defaults, admin }: AdminModel): string {
    const rows = users.map(user => `
<tr data-user="${text(user.username)}">
  <td>${text(user.username)}${user.isAdmin ? ' <span class="muted">(admin)</span>' : ''}${user.disabled ? ' <span class="error">disabled</span>' : ''}</td>
  <td><form method="post" action="/api/admin/users/${text(user.id)}">
    <input name="maxWorkspaces" type="number" min="0" max="1000" style="width:5em" aria-label="Max workspaces of ${text(user.username)}" placeholder="${defaults.maxWorkspaces}" value="${text(user.quota?.maxWorkspaces)}">
    <input name="maxRunningSandboxes" type="number" min="0" max="1000" style="width:5em" aria-label="Max running sandboxes of ${text(user.username)}" placeholder="${defaults.maxRunningSandboxes}" value="${text(user.quota?.maxRunningSandboxes)}">
    <input name="groups" style="width:9em" aria-label="Groups of ${text(user.username)}" placeholder="groups, comma separated" value="${text(user.groups?.join(', '))}">
    <button class="secondary" type="submit">Set quotas and groups</button></form></td>
  <td>${user.id === admin.id ? '' : `
    <form class="inline" method="post" action="/api/admin/users/${text(user.id)}"><input type="hidden" name="disabled" value="${user.disabled ? 'false' : 'true'}"><button class="${user.disabled ? 'secondary' : 'danger'}" type="submit">${user.disabled ? 'Enable' : 'Disable'}</button></form>
    <form class="inline" method="post" action="/api/admin/users/${text(user.id)}"><input type="hidden" name="isAdmin" value="${user.isAdmin ? 'false' : 'true'}"><button class="secondary" type="submit">${user.isAdmin ? 'Remove admin' : 'Make admin'}</button></form>`}
    <form class="inline" method="post" action="/api/admin/users/${text(user.id)}"><input name="password" type="password" minlength="8" placeholder="new password" aria-label="New password for ${text(user.username)}" required><button class="secondary" type="submit">Reset password</button></form>
  </td>
</tr>`).join('');
    return `<div class="card" id="users"><h2>Users</h2>
<form method="post" action="/api/admin/users">
  <label>Username <input name="username" required maxlength="32"></label>
  <label>Password <input name="password" type="password" required minlength="8"></label>
  <label><input type="checkbox" name="isAdmin" value="true"> admin</label>
  <button type="submit">Create user</button>
</form>
<p class="muted">Quotas: workspaces, running sandboxes (empty = the server default, ${defaults.maxWorkspaces} and ${defaults.maxRunningSandboxes}).</p>
<table><thead><tr><th>User</th><th>Quotas, groups</th><th></th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function profilesCard(profiles: AdminProfileView[], profilesText: string): string {
    const rows = profiles.map(({ profile, imagePresent, isDefault }) => `
<tr data-profile="${text(profile.name)}">
  <td>${text(profile.name)}${isDefault ? ' <span class="muted">(default)</span>' : ''}<br><span class="muted">${text(profile.description)}</span></td>
  <td><code>${text(profile.image)}</code><br>${imagePresent === false ? '<span class="error">image missing: build it with <code>npm run images</code> or pull it</span>' : imagePresent ? '<span class="notice">present</span>' : ''}</td>
  <td>${profile.cpus} CPU, ${(profile.memory / MIB).toFixed(0)} MiB, ${profile.pids} processes</td>
  <td>${text(profile.network)}, ${text(profile.runtime)}</td>
  <td>idle ${profile.idleMinutes} min${profile.maxLifetimeHours ? `, at most ${profile.maxLifetimeHours} h` : ''}${profile.warmPool ? `, ${profile.warmPool} warm` : ''}</td>
  <td>${profile.allowedUsers || profile.allowedGroups ? text([...(profile.allowedUsers ?? []), ...(profile.allowedGroups ?? []).map(group => `group ${group}`)].join(', ')) : '<span class="muted">everyone</span>'}</td>
</tr>`).join('');
    return `<div class="card" id="profiles"><h2>Profiles</h2>
<table><thead><tr><th>Profile</th><th>Image</th><th>Limits</th><th>Network, runtime</th><th>Lifecycle</th><th>Users</th></tr></thead><tbody>${rows}</tbody></table>
<form method="post" action="/api/admin/profiles">
  <p><label>Profiles file (YAML; validated before it is saved, used for the next sandbox starts)<br>
  <textarea name="yaml" rows="16" style="width:100%;font-family:monospace" spellcheck="false">${text(profilesText)}</textarea></label></p>
  <button type="submit">Save profiles</button>
</form></div>`;
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
