import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { FakeMessagesApi } from '@ide/test-support';
import { FIRST_STEP_SCRIPT, FIRST_STEP_SCRIPT_NAME, timeTaskToFirstStep } from './index';

describe('the bench measure', () => {
    it('times a task from its start to its first streamed step against the fake Messages API', async () => {
        const fake = new FakeMessagesApi();
        fake.script(FIRST_STEP_SCRIPT_NAME, FIRST_STEP_SCRIPT);
        const url = await fake.start();
        try {
            const ms = await timeTaskToFirstStep({ endpoint: { baseURL: url } });
            assert.ok(ms > 0 && ms < 10_000, `${ms} ms`);
            assert.ok(fake.requests.some(request => request.path === '/v1/messages'));
        } finally {
            await fake.close();
        }
    });
});
