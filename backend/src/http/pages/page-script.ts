/**
 * The script of the gateway's pages, served as a file (`PAGE_SCRIPT_PATH`) so the pages carry no
 * inline script: `data-copy="<id>"` buttons copy that element's text; `data-confirm` forms ask first;
 * a page drawn as the answer to a form's POST shows its own path (`data-page-path`) in the address bar.
 * Without a secure context (plain HTTP on a non-local name) there is no clipboard API: the text is
 * selected and copied the old way.
 */
export const PAGE_SCRIPT = `'use strict';
const home = document.querySelector('main[data-page-path]');
if (home && location.pathname !== home.dataset.pagePath) {
  history.replaceState(null, '', home.dataset.pagePath);
}
document.addEventListener('click', async event => {
  const button = event.target instanceof Element ? event.target.closest('button[data-copy]') : null;
  if (!button) { return; }
  const source = document.getElementById(button.getAttribute('data-copy'));
  if (!source) { return; }
  let copied = false;
  try {
    await navigator.clipboard.writeText(source.textContent);
    copied = true;
  } catch (error) {
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    copied = document.execCommand('copy');
  }
  button.textContent = copied ? 'Copied' : 'Select and copy by hand';
  setTimeout(() => { button.textContent = button.getAttribute('data-label') || 'Copy'; }, 2000);
});
document.addEventListener('submit', event => {
  const form = event.target;
  const question = form instanceof HTMLFormElement ? form.getAttribute('data-confirm') : null;
  if (question && !confirm(question)) { event.preventDefault(); }
});
`;
