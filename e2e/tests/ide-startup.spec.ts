import { expect, test } from '@playwright/test';
import { openFile, runFromCommandPalette, tokenClasses } from './editor';
import { createUsers, createWorkspace, openIde, signIn, startSandbox, waitForTheiaShell, workspaceOrigin, writeWorkspaceFile } from './ide-session';
import { execInSandbox } from './sandbox-exec';
import { openTerminal } from './terminal';

const SAGE = { username: 'sage', password: 'sage-e2e-password' };
/** A user of their own: a user may run 3 sandboxes at once, and SAGE runs 3 in this file. */
const FERN = { username: 'fern-folders', password: 'fern-folders-e2e-password' };
const IVY = { username: 'ivy-views', password: 'ivy-views-e2e-password' };

test.beforeAll(async ({ request }) => {
    await createUsers(request, [SAGE, FERN, IVY]);
});

/** The sandbox's processes attached to a terminal (a shell Theia started on a pty). */
function processesOnATerminal(workspaceId: string): string[] {
    return execInSandbox(workspaceId, 'ps -eo tty=,args=').split('\n').map(line => line.trim()).filter(line => /^pts\//.test(line));
}

test('the IDE starts no terminal until one is asked for, and builds the Settings and Keyboard Shortcuts editors when they are opened', async ({ page, context }) => {
    await signIn(page, SAGE);
    const id = await createWorkspace(page, 'startup');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: workspaceOrigin(id) });
    await openIde(page, id);

    // Theia's default layout would have started a shell before the workbench is ready.
    expect(processesOnATerminal(id), 'no shell at start').toEqual([]);
    await openTerminal(page);
    expect(processesOnATerminal(id).length, 'a shell once asked for').toBeGreaterThan(0);

    await runFromCommandPalette(page, 'Preferences: Open Settings (UI)');
    const settings = page.locator('.theia-settings-container');
    await expect(settings.locator('.single-pref').first()).toBeVisible();
    expect(await settings.locator('.single-pref').count(), 'a row for each preference').toBeGreaterThan(50);
    await settings.locator('.settings-header input').fill('tab size');
    await expect(settings.locator('.single-pref:visible', { hasText: 'Tab Size' }).first()).toBeVisible();
    // Its JSON button opens the file of the scope it shows, which Theia's Settings commands read from the widget.
    await page.locator('#theia-main-content-panel [title="Open Settings (JSON)"]').first().click();
    await expect(page.locator('#theia-main-content-panel .lm-TabBar-tab.lm-mod-current', { hasText: 'settings.json' })).toBeVisible();

    await runFromCommandPalette(page, 'Preferences: Open Keyboard Shortcuts');
    await expect(page.locator('.kb-item-row').first()).toBeVisible();
    expect(await page.locator('.kb-item-row').count()).toBeGreaterThan(50);
    // Its toolbar is registered when the widget is made, and shows on it.
    await expect(page.locator('#theia-main-content-panel [title="Open Keyboard Shortcuts (JSON)"]').first()).toBeVisible();
});

test('the backend\'s folders and the workspace to open are asked for once, during the preload; loggers ask nothing until they log', async ({ page }) => {
    await signIn(page, FERN);
    const id = await createWorkspace(page, 'startup-folders');
    // What the page sends on the IDE's connection, in order: each RPC names its service's path and its method.
    const sent: string[] = [];
    page.on('websocket', socket => socket.on('framesent', ({ payload }) => { sent.push(payload.toString()); }));
    await openIde(page, id);
    // Settings and keymaps are read from the config folder: both are there.
    await runFromCommandPalette(page, 'Preferences: Open Keyboard Shortcuts');
    await expect(page.locator('.kb-item-row').first()).toBeVisible();
    const count = (word: string) => sent.reduce((total, text) => total + text.split(word).length - 1, 0);
    expect({ config: count('getConfigDirUri'), home: count('getHomeDirUri'), workspace: count('getMostRecentlyUsedWorkspace') })
        .toEqual({ config: 1, home: 1, workspace: 1 });
    // Asked beside Theia's own preloads, before the workbench's modules open their services' channels.
    const firstFileSystemFrame = sent.findIndex(text => text.includes('/services/remote-filesystem'));
    expect(sent.findIndex(text => text.includes('getMostRecentlyUsedWorkspace'))).toBeLessThan(firstFileSystemFrame);
    // Theia makes some 55 named loggers at start; each asked the backend twice (child, getLogLevel) when made.
    const toLoggers = sent.filter(text => text.includes('/services/logger'));
    expect(toLoggers.filter(text => text.includes('child')), 'no logger is announced to the backend').toEqual([]);
    expect(count('getLogLevel'), 'only loggers that logged asked for their level').toBeLessThan(10);
});

test('the workbench shows before its panel views are made; they are added after, in their places, and a layout is stored only with them all', async ({ page }) => {
    await signIn(page, IVY);
    const id = await createWorkspace(page, 'startup-views');
    // On the first visit: how many views the activity bar had as the loading indicator went (Theia removes it just
    // before it is ready), and the page hides at once after, as if the user had closed it, which stores the layout.
    await page.addInitScript(() => {
        if (sessionStorage.getItem('viewsAtReveal') !== null) {
            return;
        }
        new MutationObserver((records, observer) => {
            const removed = records.flatMap(record => Array.from(record.removedNodes));
            if (removed.some(node => node instanceof HTMLElement && node.classList.contains('theia-preload'))) {
                observer.disconnect();
                sessionStorage.setItem('viewsAtReveal', String(document.querySelectorAll('.theia-app-left .lm-TabBar-tab').length));
                setTimeout(() => window.dispatchEvent(new Event('pagehide')));
            }
        }).observe(document, { childList: true, subtree: true });
    });
    await openIde(page, id);
    expect(await page.evaluate(() => sessionStorage.getItem('viewsAtReveal'))).toBe('0');

    const views = page.locator('.theia-app-left .lm-TabBar-tab');
    const inOrder = ['explorer-view-container', 'search-view-container', 'scm-view-container', 'debug', 'vsx-extensions-view-container', 'test-view-container']
        .map(view => `shell-tab-${view}`);
    const viewIds = async () => (await views.evaluateAll(tabs => tabs.map(tab => tab.id))).filter(tabId => inOrder.includes(tabId));
    await expect.poll(viewIds, { message: 'the views in the activity bar, by rank' }).toEqual(inOrder);
    // Stored before its views were added, the layout would have none of them on the next visit.
    await page.reload();
    await waitForTheiaShell(page);
    await expect.poll(viewIds, { message: 'the views after a visit that ended before they were added' }).toEqual(inOrder);
    // A complete layout is stored as the page unloads, and restored with the view the user opened.
    await views.first().click();
    await expect(page.locator('#files')).toBeVisible();
    await page.reload();
    await waitForTheiaShell(page);
    await expect.poll(viewIds).toEqual(inOrder);
    await expect(page.locator('#files')).toBeVisible();
});

test('the extensions\' grammars are fetched when a file of their language opens, not sent over the WebSocket with every start', async ({ page }) => {
    await signIn(page, FERN);
    const id = await createWorkspace(page, 'startup-grammars');
    await startSandbox(page, id);
    writeWorkspaceFile(id, 'colours.ts', 'export const answer: number = 42;\n');
    let largestMessage = 0;
    page.on('websocket', socket => socket.on('framereceived', ({ payload }) => { largestMessage = Math.max(largestMessage, payload.length); }));
    const grammarsFetched: string[] = [];
    const encodings: (string | undefined)[] = [];
    page.on('response', response => {
        const path = new URL(response.url()).pathname;
        if (/\/hostedPlugin\/[^/]+\/syntaxes\//.test(path)) {
            grammarsFetched.push(path.split('/').pop()!);
            encodings.push(response.headers()['content-encoding']);
        }
    });
    await openIde(page, id);
    // The plugins' metadata, which Theia sends as one message: with the built-in languages' grammars inside it is 2 MB.
    expect(largestMessage, 'the largest WebSocket message while the IDE starts').toBeLessThan(512 * 1024);
    expect(grammarsFetched, 'no grammar before a file is opened').toEqual([]);

    const editor = await openFile(page, 'colours.ts');
    await expect.poll(async () => (await tokenClasses(editor)).length, { message: 'TextMate highlighting' }).toBeGreaterThanOrEqual(3);
    expect(grammarsFetched).toContain('typescript.json');
    // Every workspace is an origin of its own, so each fetches the grammars it uses: compressed (225 kB → 20 kB for TypeScript's).
    expect(encodings.filter(encoding => encoding !== 'br' && encoding !== 'gzip'), 'grammars compressed on the wire').toEqual([]);
    expect(grammarsFetched, 'only the grammars a TypeScript file needs').not.toContain('python.json');
});

test('the frontend starts after the bundle script returned, so no stack trace holds the whole bundle', async ({ page }) => {
    await signIn(page, SAGE);
    const id = await createWorkspace(page, 'startup-entry');
    // The source length of each function on the stack of Theia's first start-up log line (V8 gives the function
    // of a non-strict frame, as esbuild's bundle-wide wrapper is).
    await page.addInitScript(() => {
        const debug = console.debug.bind(console);
        const largest: number[] = [];
        Object.assign(window, { largestFunctionOnStartupStack: largest });
        console.debug = (...args: unknown[]) => {
            if (String(args[0]).startsWith('Frontend: loading modules')) {
                const [prepare, limit] = [Error.prepareStackTrace, Error.stackTraceLimit];
                Error.stackTraceLimit = Infinity;
                Error.prepareStackTrace = (_error, sites) => sites.map(site => String(site.getFunction() ?? '').length);
                largest.push(Math.max(...new Error().stack as unknown as number[]));
                [Error.prepareStackTrace, Error.stackTraceLimit] = [prepare, limit];
            }
            debug(...args);
        };
    });
    await openIde(page, id);
    const [largest] = await page.evaluate(() => (window as unknown as { largestFunctionOnStartupStack: number[] }).largestFunctionOnStartupStack);
    expect(largest, 'characters of the largest function on the stack (the bundle is megabytes)').toBeLessThan(100_000);
});

test('a menu open while the keybindings change stays open, and shows the change when opened again', async ({ page }) => {
    await signIn(page, SAGE);
    const id = await createWorkspace(page, 'startup-menu');
    await openIde(page, id);
    // The Keyboard Shortcuts editor, behind the menu, tells when the change has reached the frontend.
    await runFromCommandPalette(page, 'Preferences: Open Keyboard Shortcuts');
    const userShortcut = page.locator('.kb-item-row', { has: page.locator('.kb-source', { hasText: 'User' }) });
    await expect(page.locator('.kb-item-row').first()).toBeVisible();
    await expect(userShortcut).toHaveCount(0);

    const memoryItem = page.locator('.lm-Menu-item:has(.lm-Menu-itemLabel:text-is("Memory"))');
    await page.locator('.lm-MenuBar-item', { hasText: 'View' }).first().click();
    await expect(memoryItem).toBeVisible();
    writeWorkspaceFile(id, '.theia-user/keymaps.json', JSON.stringify([{ key: 'ctrl+alt+y', command: 'memory.toggleView' }]));
    await expect(userShortcut.locator('.kb-keybinding')).toHaveAttribute('title', 'ctrl+alt+y');
    await expect(memoryItem, 'the menu is still open').toBeVisible();
    await expect(memoryItem.locator('.lm-Menu-itemShortcut')).toHaveText('');

    await page.keyboard.press('Escape');
    await expect(memoryItem).toHaveCount(0);
    await page.locator('.lm-MenuBar-item', { hasText: 'View' }).first().click();
    await expect(memoryItem.locator('.lm-Menu-itemShortcut')).toHaveText('Ctrl+Alt+Y');
});
