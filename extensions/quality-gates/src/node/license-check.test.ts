import { afterEach, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkLicenses, declaredLicense, licenseProblem } from './license-check';
import { createTestProject, TestProject } from '../test-helpers/temp-project';

const manifest = (name: string, license: unknown, extra: object = {}) =>
    JSON.stringify({ name, version: '1.0.0', ...(license !== undefined && { license }), ...extra }, undefined, 2);

describe('license check', () => {
    let project: TestProject | undefined;
    afterEach(() => project?.dispose());

    it('a GPL-3.0 dependency fails an MIT-only allow list while MIT passes', async () => {
        project = await createTestProject({
            'package.json': JSON.stringify({ dependencies: { 'mit-lib': '1', 'gpl-lib': '1' } }),
            'node_modules/mit-lib/package.json': manifest('mit-lib', 'MIT'),
            'node_modules/gpl-lib/package.json': manifest('gpl-lib', 'GPL-3.0-only')
        });
        const result = await checkLicenses(project.root, { allow: ['MIT'] });
        assert.equal(result.packagesChecked, 2);
        assert.deepEqual(result.findings, [{
            file: 'node_modules/gpl-lib/package.json',
            line: 4,
            message: 'gpl-lib@1.0.0: license GPL-3.0-only is not in the allow list (MIT)',
            severity: 'error',
            rule: 'license-not-allowed'
        }]);

        await project.remove('node_modules/gpl-lib');
        assert.deepEqual((await checkLicenses(project.root, { allow: ['MIT'] })).findings, []);
    });

    it('checks nested and scoped packages, reports missing and unreadable licenses, and reads legacy fields', async () => {
        project = await createTestProject({
            'node_modules/@scope/ok/package.json': manifest('@scope/ok', '(MIT OR GPL-3.0)'),
            'node_modules/@scope/ok/node_modules/deep/package.json': manifest('deep', 'AGPL-3.0'),
            'node_modules/@scope/none/package.json': manifest('@scope/none', undefined),
            'node_modules/legacy/package.json': manifest('legacy', undefined, { licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] }),
            'node_modules/sloppy/package.json': manifest('sloppy', 'Apache 2'),
            'node_modules/weird/package.json': manifest('weird', 'Do what you like'),
            'node_modules/own/package.json': manifest('own', 'UNLICENSED'),
            'node_modules/.bin/tool': '#!/bin/sh\n'
        });
        const result = await checkLicenses(project.root, { ignorePackages: ['own'] });
        assert.deepEqual(result.findings.map(finding => `${finding.rule} ${finding.file}`), [
            'license-missing node_modules/@scope/none/package.json',
            'license-not-allowed node_modules/@scope/ok/node_modules/deep/package.json',
            'license-unknown node_modules/weird/package.json'
        ]);
        assert.equal(result.packagesChecked, 7);
    });

    it('says when nothing is installed', async () => {
        project = await createTestProject({ 'package.json': JSON.stringify({ dependencies: { a: '1' } }) });
        assert.deepEqual(await checkLicenses(project.root), { findings: [], packagesChecked: 0, installed: false });
    });

    it('refuses an allow list it cannot read, and corrects sloppy ids in it', async () => {
        project = await createTestProject({ 'node_modules/a/package.json': manifest('a', 'Apache-2.0') });
        await assert.rejects(checkLicenses(project.root, { allow: ['MIT', 'no such license'] }), {
            name: 'InvalidAllowListError', message: 'allow: "no such license" is not an SPDX license id'
        });
        assert.deepEqual((await checkLicenses(project.root, { allow: ['Apache 2.0'] })).findings, []);
    });

    it('reads license fields and judges expressions', () => {
        assert.equal(declaredLicense({ license: { type: 'ISC' } }), 'ISC');
        assert.equal(declaredLicense({ licenses: ['MIT'] }), 'MIT');
        assert.equal(declaredLicense({ license: '  ' }), undefined);
        assert.equal(licenseProblem('MIT AND ISC', ['MIT', 'ISC']), undefined);
        assert.equal(licenseProblem('MIT AND GPL-2.0-only', ['MIT'])?.rule, 'license-not-allowed');
        assert.equal(licenseProblem('SEE LICENSE IN LICENSE.txt', ['MIT'])?.rule, 'license-unknown');
    });
});
