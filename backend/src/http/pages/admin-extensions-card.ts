import { VSCODE_API_VERSION } from '@ide/sandbox-contract';
import { SandboxProfile } from '../../config/profiles.js';
import { StoredExtension } from '../../extensions-registry/extension-store.js';
import { text } from './page-layout.js';

/** The admin page's registry card: the stored .vsix files, which profiles pin them, an upload form. */
export function extensionsCard(extensions: StoredExtension[], profiles: SandboxProfile[], maxUploadBytes: number): string {
    const pinnedBy = (record: StoredExtension) => profiles
        .filter(profile => profile.pinnedExtensions.some(pin => pin === record.id || pin === `${record.id}@${record.version}`))
        .map(profile => profile.name);
    const rows = extensions.map(record => `
<tr data-extension="${text(record.id)}" data-version="${text(record.version)}">
  <td>${text(record.displayName)}<br><code class="muted">${text(record.id)}</code></td>
  <td>${text(record.version)}</td><td><code>${text(record.engine)}</code></td>
  <td>${(record.sizeBytes / 1024).toFixed(0)} KiB</td>
  <td>${text(record.uploadedBy)}<br><span class="muted">${text(record.uploadedAt.replace('T', ' ').slice(0, 16))}</span></td>
  <td>${text(pinnedBy(record).join(', ')) || '<span class="muted">none</span>'}</td>
  <td><form class="inline" method="post" action="/api/admin/extensions/${encodeURIComponent(record.id)}/${encodeURIComponent(record.version)}/delete"><button class="danger" type="submit">Delete</button></form></td>
</tr>`).join('');
    return `<div class="card" id="extensions"><h2>Extensions</h2>
<p class="muted">The registry the Extensions view of every IDE searches (no sandbox reaches the internet). A .vsix must run on the VS Code API ${VSCODE_API_VERSION} and is at most ${Math.round(maxUploadBytes / 1024 / 1024)} MiB. Profiles pin extensions with <code>pinnedExtensions</code> and allow other installs with <code>allowUserExtensions</code>.</p>
<form method="post" action="/api/admin/extensions" enctype="multipart/form-data">
  <label>Extension (.vsix) <input type="file" name="vsix" accept=".vsix" required></label>
  <button type="submit">Upload</button>
</form>
${extensions.length
        ? `<table><thead><tr><th>Extension</th><th>Version</th><th>VS Code</th><th>Size</th><th>Uploaded</th><th>Pinned in</th><th></th></tr></thead><tbody>${rows}</tbody></table>`
        : '<p class="muted">No extensions uploaded.</p>'}</div>`;
}
