import { expect, Locator, Page } from '@playwright/test';

/** Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor. */
export async function openFile(page: Page, relativePath: string): Promise<Locator> {
    await page.locator('#theia-main-content-panel').click({ position: { x: 5, y: 5 } }).catch(() => undefined);
    await page.keyboard.press('Control+p');
    const input = page.locator('.quick-input-widget input');
    await input.fill(relativePath);
    await expect(page.locator('.quick-input-list .monaco-list-row').first()).toContainText(relativePath.split('/').pop()!);
    await input.press('Enter');
    const fileName = relativePath.split('/').pop()!;
    await expect(page.locator('#theia-main-content-panel .lm-TabBar-tab.lm-mod-current', { hasText: fileName })).toBeVisible();
    const editor = page.locator('#theia-main-content-panel .theia-editor:not(.lm-mod-hidden) .monaco-editor').first();
    await expect(editor.locator('.view-lines')).toBeVisible();
    return editor;
}

/** The distinct Monaco token classes (`mtk1`, `mtk4`…) in an editor: one class for all text means no highlighting. */
export async function tokenClasses(editor: Locator): Promise<string[]> {
    return editor.locator('.view-lines span[class*="mtk"]').evaluateAll(spans =>
        [...new Set(spans.flatMap(span => Array.from(span.classList).filter(name => /^mtk\d+$/.test(name))))].sort());
}

/** Gives the editor the keyboard without moving its cursor. */
export async function focusEditor(editor: Locator): Promise<void> {
    await editor.getByRole('textbox', { name: 'Editor content' }).focus();
}

/** Puts the cursor on a line (1-based) and column with Go to Line (Ctrl+G, "line:column"). */
export async function goToLine(page: Page, editor: Locator, line: number, column = 1): Promise<void> {
    await focusEditor(editor);
    await page.keyboard.press('Control+g');
    await page.locator('.quick-input-widget input').fill(`:${line}:${column}`);
    await page.keyboard.press('Enter');
    await expect(page.locator('#theia-statusBar')).toContainText(`Ln ${line}, Col ${column}`);
}

/** Hovers the first token with exactly this text on a line (1-based, as shown) and returns the hover's text. */
export async function hoverToken(page: Page, editor: Locator, line: number, text: string): Promise<Locator> {
    const lineElement = editor.locator('.view-line').filter({ has: page.locator('span') }).nth(line - 1);
    const token = lineElement.locator(`span[class*="mtk"]:text-is("${text}")`).first();
    await token.hover();
    const hover = page.locator('.monaco-hover:not(.hidden)').first();
    await expect(hover).toBeVisible();
    return hover;
}

/** Opens a view from the View menu by its exact label ("Problems", "Debug", "Source Control"…). */
export async function openView(page: Page, label: string): Promise<void> {
    await chooseFromMenu(page, 'View', label);
}

/** Clicks an item of a main menu, by its exact label. */
export async function chooseFromMenu(page: Page, menu: string, label: string): Promise<void> {
    const item = page.locator(`.lm-Menu-item:has(.lm-Menu-itemLabel:text-is("${label}"))`).first();
    // The extensions' menu items arrive just after the workbench is ready, and a menu opened before shows them only when opened again.
    await expect(async () => {
        if (!await item.isVisible()) {
            await page.locator('.lm-MenuBar-item', { hasText: menu }).first().click();
        }
        await expect(item).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await item.click();
}

/** Runs a command from the Command Palette (F1) by its title, waiting up to `timeout` ms for it to be listed. */
export async function runFromCommandPalette(page: Page, title: string, timeout = 60_000): Promise<void> {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill(`>${title}`);
    await expect(page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first()).toBeVisible({ timeout });
    await page.keyboard.press('Enter');
}
