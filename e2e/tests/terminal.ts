import { expect, Page } from '@playwright/test';
import { chooseFromMenu } from './editor';

/** Opens a terminal from the Terminal menu and waits for the shell's prompt. */
export async function openTerminal(page: Page): Promise<void> {
    await chooseFromMenu(page, 'Terminal', 'New Terminal');
    await page.locator('.terminal-container .xterm-helper-textarea').last().waitFor();
    await expect.poll(() => readTerminal(page), { timeout: 30_000 }).toMatch(/\$\s*$/m);
}

export async function runInTerminal(page: Page, command: string): Promise<void> {
    const input = page.locator('.terminal-container .xterm-helper-textarea').last();
    await input.pressSequentially(command);
    await input.press('Enter');
}

/** xterm draws with WebGL, so its text is read through the terminal's own Select All + Copy (needs clipboard permissions). */
export async function readTerminal(page: Page): Promise<string> {
    const terminal = page.locator('.terminal-container').last();
    await terminal.click({ button: 'right' });
    await page.locator('.lm-Menu-item', { hasText: 'Select All' }).first().click();
    await terminal.click({ button: 'right' });
    await page.locator('.lm-Menu-item:has(.lm-Menu-itemLabel:text-is("Copy"))').first().click();
    return page.evaluate(() => navigator.clipboard.readText());
}
