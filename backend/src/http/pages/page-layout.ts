/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
    return value.replace(/[&<>"']/g, char => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[char]!));
}

/** Any value as escaped text; nothing for undefined. */
export const text = (value: string | number | undefined): string => escapeHtml(String(value ?? ''));

/** The gateway's one script for its pages, a file of its own so no page needs inline script (see page-script.ts). */
export const PAGE_SCRIPT_PATH = '/assets/page.js';

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1d2330}
main{max-width:960px;margin:40px auto;padding:0 16px}
h1{font-size:22px}.card{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:20px;margin-bottom:16px}
input,select,button,textarea{font:inherit;padding:6px 10px;border-radius:6px;border:1px solid #b9c0cc}
button{background:#2f6fde;color:#fff;border-color:#2f6fde;cursor:pointer}button.secondary{background:#fff;color:#1d2330}
button.danger{background:#fff;color:#b3261e;border-color:#b3261e}
table{width:100%;border-collapse:collapse}td,th{text-align:left;padding:8px 6px;border-bottom:1px solid #eceff3;vertical-align:top}
.error{color:#b3261e}.notice{color:#1b6e3c}.muted{color:#667085}header{display:flex;justify-content:space-between;align-items:center}
form.inline{display:inline}a.button{display:inline-block;background:#2f6fde;color:#fff;padding:6px 14px;border-radius:6px;text-decoration:none}.state-running{color:#1b6e3c}.state-stopped,.state-absent{color:#667085}
pre{background:#f0f2f5;padding:8px;border-radius:6px;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
.field-error{color:#b3261e;margin:6px 0}dl.profiles dt{font-weight:600}dl.profiles dd{margin:0 0 6px 16px}`;

/**
 * A page of the gateway. `withScript` only on the gateway's own origin: some pages (the workspace's
 * status page, ticket errors) are served on a workspace's origin, where every other path is the sandbox's.
 */
/**
 * `path`: where the page lives. A refused form's page is the answer to a POST to an API route; the
 * script puts the page's own path in the address bar, so a reload does not send the form again.
 */
export function page(title: string, body: string, options: { withScript?: boolean; path?: string } = {}): string {
    const script = options.withScript ? `<script src="${PAGE_SCRIPT_PATH}" defer></script>` : '';
    const path = options.path ? ` data-page-path="${escapeHtml(options.path)}"` : '';
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
        `<title>${escapeHtml(title)}</title><style>${STYLE}</style>${script}</head><body><main${path}>${body}</main></body></html>`;
}

/** The page-wide notice of a redirect after a form (`?notice=…`), or an error that belongs to no form. */
export function pageMessages(message?: { error?: string; notice?: string }): string {
    return (message?.error ? `<p class="error" role="alert">${text(message.error)}</p>` : '') +
        (message?.notice ? `<p class="notice" role="status">${text(message.notice)}</p>` : '');
}
