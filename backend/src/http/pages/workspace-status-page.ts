import type { SandboxStatusReport } from '@ide/sandbox-contract';
import { createHash } from 'node:crypto';
import { escapeHtml, page } from './page-layout.js';

/** The page's script: the same text on every page (its data is a JSON block), so the CSP allows it by hash. */
const STATUS_SCRIPT = `
const { urls, status } = JSON.parse(document.getElementById('workspace-status-data').textContent);
const statusLine = document.getElementById('workspace-status');
const stepsList = document.getElementById('steps');
const errorLine = document.getElementById('workspace-error');
const startButton = document.getElementById('start');
let polling;
function render(status) {
  const seconds = ms => (ms / 1000).toFixed(1) + ' s';
  stepsList.replaceChildren(...(status.steps || []).map(step => Object.assign(document.createElement('li'), { textContent: step.label + ' (' + seconds(step.atMs) + ')' })));
  errorLine.hidden = !status.error;
  errorLine.textContent = status.error ? 'It could not start: ' + status.error : '';
  startButton.hidden = status.state === 'starting' || status.state === 'running';
  startButton.textContent = status.state === 'failed' ? 'Try again' : 'Start';
  statusLine.textContent = {
    starting: 'Starting its sandbox…',
    running: 'Ready: loading the IDE…',
    stopped: 'This workspace was stopped' + (status.stoppedBecause ? ' (' + status.stoppedBecause + ')' : '') + '.',
    failed: 'This workspace could not start.',
    deleted: 'This workspace was deleted.'
  }[status.state] || status.state;
}
async function poll() {
  clearTimeout(polling);
  try {
    const response = await fetch(urls.status, { headers: { accept: 'application/json' } });
    const status = await response.json();
    render(status);
    if (status.state === 'running') { location.reload(); return; }
    if (status.state !== 'starting') { return; }
  } catch (error) { statusLine.textContent = 'Waiting for the gateway…'; }
  polling = setTimeout(poll, 700);
}
startButton.addEventListener('click', () => {
  render({ state: 'starting', steps: [] });
  fetch(urls.open, { method: 'POST', headers: { accept: 'application/json' } }).catch(() => undefined);
  polling = setTimeout(poll, 300);
});
render(status);
if (status.state === 'starting' || status.state === 'running') { poll(); }
`;

/** For the Content-Security-Policy's script-src. */
export const STATUS_SCRIPT_HASH = `'sha256-${createHash('sha256').update(STATUS_SCRIPT).digest('base64')}'`;


/**
 * Shown in place of the IDE while its sandbox is not running: the steps of a start as they happen,
 * or why it stopped or failed, with Start and Back to the dashboard. It asks `urls.status` until
 * the sandbox runs, then loads the IDE. Nothing starts without the user (or the dashboard's Open).
 */
export function workspaceStatusPage(workspaceName: string, status: SandboxStatusReport, urls: { status: string; open: string; dashboard: string }): string {
    return page(`${workspaceName}: ${status.state}`, `
<h1 id="workspace-title">${escapeHtml(workspaceName)}</h1>
<div class="card">
<p id="workspace-status" role="status"></p>
<ol id="steps" class="muted"></ol>
<p id="workspace-error" class="error" role="alert" hidden></p>
<p><button type="button" id="start" hidden>Start</button> <a href="${escapeHtml(urls.dashboard)}">Back to the dashboard</a></p>
<noscript><p>This page needs JavaScript to follow the start; <a href="">reload</a> to see where it is.</p></noscript>
</div>
<script type="application/json" id="workspace-status-data">${JSON.stringify({ urls, status }).replace(/</g, '\\u003c')}</script>
<script>${STATUS_SCRIPT}</script>`);
}
