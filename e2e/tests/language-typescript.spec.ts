import { expect, test } from '@playwright/test';
import { goToLine, hoverToken, openFile, openView, tokenClasses } from './editor';
import { createUsers, createWorkspace, openIde, signIn, startSandbox, writeWorkspaceFile } from './ide-session';

const USER = { username: 'lin-typescript', password: 'lin-typescript-e2e-password' };

test.beforeAll(async ({ request }) => createUsers(request, [USER]));

const SHAPES_TS = `export interface Shape {
    name: string;
    area(): number;
}

export function makeSquare(side: number): Shape {
    return { name: 'square', area: () => side * side };
}
`;

const MAIN_TS = `import { makeSquare } from './shapes';

const square = makeSquare(3);
const count: number = 'three';
console.log(square.name, count);
`;

test('TypeScript: coloured tokens, a type error as squiggle and in Problems, hover, completion, go to definition; package.json checked against its schema', async ({ page }, testInfo) => {
    await signIn(page, USER);
    const workspaceId = await createWorkspace(page, 'ts-project');
    await startSandbox(page, workspaceId);
    writeWorkspaceFile(workspaceId, 'tsconfig.json', '{ "compilerOptions": { "strict": true, "target": "ES2022", "module": "commonjs" } }\n');
    writeWorkspaceFile(workspaceId, 'src/shapes.ts', SHAPES_TS);
    writeWorkspaceFile(workspaceId, 'src/main.ts', MAIN_TS);
    writeWorkspaceFile(workspaceId, 'package.json', '{\n  "name": "ts-project",\n  "version": 1\n}\n');
    await openIde(page, workspaceId);

    const editor = await openFile(page, 'src/main.ts');
    await expect.poll(async () => (await tokenClasses(editor)).length, { message: 'TextMate highlighting' }).toBeGreaterThanOrEqual(4);
    await expect(page.locator('#theia-statusBar')).toContainText('TypeScript');

    await expect(editor.locator('.squiggly-error').first()).toBeVisible({ timeout: 60_000 });
    await openView(page, 'Problems');
    await expect(page.locator('#problems')).toContainText(`Type 'string' is not assignable to type 'number'`);

    const hover = await hoverToken(page, editor, 3, 'square');
    await expect(hover).toContainText('const square: Shape');
    await page.keyboard.press('Escape');

    await goToLine(page, editor, 6, 1);
    await page.keyboard.type('square.');
    const suggestions = page.locator('.suggest-widget.visible');
    await expect(suggestions).toBeVisible();
    await expect(suggestions.locator('.monaco-list-row', { hasText: 'area' })).toBeVisible();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+z');

    await goToLine(page, editor, 3, 17);
    await page.keyboard.press('F12');
    await expect(page.locator('#theia-main-content-panel .lm-TabBar-tab.lm-mod-current', { hasText: 'shapes.ts' })).toBeVisible();
    await expect(page.locator('#theia-statusBar')).toContainText('Ln 6, Col 17');

    // The JSON server validates package.json against the schema shipped in the IDE (no download: no network).
    await openFile(page, 'package.json');
    await expect(page.locator('#problems')).toContainText('Incorrect type. Expected "string".', { timeout: 30_000 });

    await page.screenshot({ path: testInfo.outputPath('typescript.png') });
    await testInfo.attach('typescript', { path: testInfo.outputPath('typescript.png'), contentType: 'image/png' });
});
