import { escapeHtml, page } from './page-layout.js';

export function errorPage(status: number, message: string, dashboardUrl = '/'): string {
    return page(`Error ${status}`, `<h1>${status === 404 ? 'Not found' : 'Something went wrong'}</h1>
<div class="card"><p class="error" role="alert">${escapeHtml(message)}</p><p><a href="${escapeHtml(dashboardUrl)}">Back to workspaces</a></p></div>`);
}
