import 'reflect-metadata';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EnvVariablesServer } from '@theia/core/lib/common/env-variables';
import { BackendFoldersPreloaded } from './backend-folders-preloaded';

/** A backend that counts what it is asked, answering from `answers` in turn. */
function countingBackend(answers: (() => Promise<string>)[]): { backend: EnvVariablesServer; asked: string[] } {
    const asked: string[] = [];
    const next = (what: string) => { asked.push(what); return answers.shift()!(); };
    const backend = {
        getConfigDirUri: () => next('config'), getHomeDirUri: () => next('home'),
        getValue: (key: string) => { asked.push(`value ${key}`); return Promise.resolve({ name: key, value: String(asked.length) }); }
    } as unknown as EnvVariablesServer;
    return { backend, asked };
}

test('the config and home folders are asked for once, however many ask', async () => {
    const { backend, asked } = countingBackend([async () => 'file:///workspace/.theia-user', async () => 'file:///home/ide']);
    const folders = new BackendFoldersPreloaded(backend);
    const early = folders.getConfigDirUri();
    assert.deepEqual(await Promise.all([early, folders.getConfigDirUri(), folders.getConfigDirUri()]), Array(3).fill('file:///workspace/.theia-user'));
    assert.equal(await folders.getHomeDirUri(), 'file:///home/ide');
    assert.equal(await folders.getHomeDirUri(), 'file:///home/ide');
    assert.deepEqual(asked, ['config', 'home']);
});

test('a failed answer is not kept: the next caller asks the backend again', async () => {
    const { backend, asked } = countingBackend([async () => { throw new Error('connection closed'); }, async () => 'file:///workspace/.theia-user']);
    const folders = new BackendFoldersPreloaded(backend);
    await assert.rejects(folders.getConfigDirUri(), /connection closed/);
    assert.equal(await folders.getConfigDirUri(), 'file:///workspace/.theia-user');
    assert.deepEqual(asked, ['config', 'config']);
});

test('values that may differ from one call to the next are always asked for', async () => {
    const { backend, asked } = countingBackend([]);
    const folders = new BackendFoldersPreloaded(backend);
    await folders.getValue('PATH');
    await folders.getValue('PATH');
    assert.deepEqual(asked, ['value PATH', 'value PATH']);
});
