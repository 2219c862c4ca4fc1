import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as fs from 'fs';
import * as path from 'path';

// The built frontend (npm run build makes it), as the gateway serves it.
const FRONTEND = path.resolve(__dirname, '../../../../browser-app/lib/frontend');

test('the frontend bundle holds no zod: the gateway\'s validation library is no part of the page', () => {
    // zod's error class names itself in a string that minifying keeps; 570 kB of the bundle when a shared constant pulled it in.
    assert.equal(fs.readFileSync(path.join(FRONTEND, 'bundle.js'), 'utf8').includes('"ZodError"'), false);
});
