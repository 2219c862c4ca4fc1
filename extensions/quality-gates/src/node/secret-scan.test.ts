import { afterEach, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { scanSecrets } from './secret-scan';
import { maskSecret } from './secret-masking';
import { createTestProject, TestProject } from '../test-helpers/temp-project';

// Built at run time so that this source file itself holds no secret-shaped string.
const AWS_ACCESS_KEY_ID = 'AKIA' + '2E0A8F3B244C9986';
const ANTHROPIC_KEY = 'sk-ant-api03-' + 'x9Kq2LmN7pR4sT1vW8yZ3bC6dF0gH5jK'.repeat(3) + 'aBcDeFgHiJkL' + 'AA';
const OPENAI_KEY = 'sk-proj-' + 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z'.repeat(2) + 'Zq7Yx0Wv6U' + 'T3Blbk' + 'FJ' + 'Pq8rSt1uVw4xYz7aBc0dEf3gHi6jKl9m'.repeat(2) + 'Mn2Op5Qr8S';
const PRIVATE_KEY = ['-----BEGIN RSA ' + 'PRIVATE KEY-----',
    'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun',
    'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK',
    'LxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo',
    '-----END RSA ' + 'PRIVATE KEY-----'].join('\n');

describe('secret scan', () => {
    let project: TestProject | undefined;
    afterEach(() => project?.dispose());

    it('finds AWS, Anthropic, OpenAI and private keys with file:line and the rule, and never returns the secret', async () => {
        project = await createTestProject({
            'src/config.ts': `export const region = 'eu-west-1';\nexport const accessKeyId = '${AWS_ACCESS_KEY_ID}';\n`,
            'scripts/agent.py': `import os\n\nclient = Client(\n    api_key="${ANTHROPIC_KEY}",\n)\n`,
            '.env': `DEBUG=1\nOPENAI_API_KEY=${OPENAI_KEY}\n`,
            'deploy/id_rsa': `${PRIVATE_KEY}\n`,
            'README.md': '# clean\n'
        });
        const result = await scanSecrets(project.root);
        const found = result.findings.map(finding => `${finding.file}:${finding.line}:${finding.column} ${finding.rule}`);
        assert.deepEqual(found, [
            '.env:2:16 @secretlint/secretlint-rule-openai',
            'deploy/id_rsa:1:1 @secretlint/secretlint-rule-privatekey',
            'scripts/agent.py:4:14 @secretlint/secretlint-rule-anthropic',
            'src/config.ts:2:29 @secretlint/secretlint-rule-aws'
        ]);
        assert.equal(result.filesScanned, 5);
        const aws = result.findings.find(finding => finding.file === 'src/config.ts')!;
        assert.equal(aws.message, 'found AWS Access Key ID: AKIA**************** (20 chars)');
        assert.equal(aws.severity, 'error');
        const everything = JSON.stringify(result);
        for (const secret of [AWS_ACCESS_KEY_ID, ANTHROPIC_KEY, OPENAI_KEY, ...PRIVATE_KEY.split('\n').slice(1, -1)]) {
            assert.ok(!everything.includes(secret), `the result holds a secret: ${secret.slice(0, 8)}…`);
            assert.ok(!everything.includes(secret.slice(4, 16)), 'the result holds part of a secret');
        }
    });

    it('passes a clean tree', async () => {
        project = await createTestProject({
            'src/index.ts': 'export const apiKey = process.env.API_KEY;\nconst url = "https://example.com/?q=1";\n',
            'package.json': JSON.stringify({ name: 'clean', version: '1.0.0' }),
            'docs/setup.md': 'Set `AWS_ACCESS_KEY_ID` in your environment.\n'
        });
        const result = await scanSecrets(project.root);
        assert.deepEqual(result.findings, []);
        assert.equal(result.filesScanned, 3);
    });

    it('skips .git, node_modules, binary files, files over 1 MiB and ignored globs', async () => {
        const line = `key = "${AWS_ACCESS_KEY_ID}"\n`;
        project = await createTestProject({
            '.git/config': line,
            'node_modules/dep/index.js': line,
            'packages/app/node_modules/dep/index.js': line,
            'big.txt': 'x'.repeat(1024 * 1024) + line,
            'test/fixtures/fake.ts': line,
            'any/where/cert.pem': line,
            'src/found.ts': line
        });
        await project.write('image.bin', Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(line)]));
        const result = await scanSecrets(project.root, { ignore: ['test/fixtures/**', '*.pem'] });
        assert.deepEqual(result.findings.map(finding => finding.file), ['src/found.ts']);
        assert.equal(result.filesSkipped, 2, 'the binary and the large file');
    });

    it('scans only the changed files when given, passing over deleted ones and paths outside the root', async () => {
        const line = `key = "${AWS_ACCESS_KEY_ID}"\n`;
        project = await createTestProject({ 'a.ts': line, 'b.ts': line, 'node_modules/x/c.ts': line });
        const result = await scanSecrets(project.root, { files: ['b.ts', 'gone.ts', '../outside.ts', 'node_modules/x/c.ts', './b.ts'] });
        assert.deepEqual(result.findings.map(finding => finding.file), ['b.ts']);
        assert.equal(result.filesScanned, 1);
        assert.equal(result.filesSkipped, 1);
    });

    it('masks: a prefix only for long secrets', () => {
        assert.equal(maskSecret('short-secret'), '**************** (12 chars)');
        assert.equal(maskSecret('ghp_' + 'a'.repeat(36)), 'ghp_**************** (40 chars)');
    });
});
