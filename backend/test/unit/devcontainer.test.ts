import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseProfiles } from '../../src/config/profiles.js';
import { parseDevcontainer } from '../../src/workspaces/devcontainer/devcontainer-config.js';
import { devcontainerRecord } from '../../src/workspaces/devcontainer/devcontainer-record.js';

test('devcontainer.json is read as VS Code reads it (comments, trailing commas); what is not applied is named', () => {
    const plan = parseDevcontainer(`{
        // a comment
        "name": "web",
        "image": "ide-sandbox-node-python:latest",
        "postCreateCommand": ["npm", "install", "--prefix", "my app"],
        "forwardPorts": [3000, "localhost:5173", 80, "db:5432"],
        "containerEnv": { "GREETING": "hello", "PATH": "/evil", "IDE_PROFILE": "x", "REF": "\${localEnv:HOME}" },
        "customizations": { "vscode": { "extensions": ["dbaeumer.vscode-eslint", "not an id"] }, "jetbrains": {} },
        "features": { "ghcr.io/devcontainers/features/node:1": {} },
        "mounts": [],
    }`);
    assert.equal(plan.image, 'ide-sandbox-node-python:latest');
    assert.equal(plan.postCreateCommand, `npm install --prefix 'my app'`);
    assert.deepEqual(plan.forwardPorts, [3000, 5173]);
    assert.deepEqual(plan.containerEnv, { GREETING: 'hello' });
    assert.deepEqual(plan.extensions, ['dbaeumer.vscode-eslint']);
    assert.deepEqual(plan.unsupported.sort(), ['containerEnv.IDE_PROFILE', 'containerEnv.PATH', 'containerEnv.REF', 'customizations.jetbrains', 'features', 'forwardPorts 80', 'forwardPorts db:5432', 'mounts'].sort());
    assert.equal(parseDevcontainer('{"postCreateCommand": {"a": "npm ci", "b": ["make", "all"]}}').postCreateCommand, 'npm ci && make all');
});

test('a broken devcontainer.json says what is wrong, and a huge one is refused', () => {
    assert.throws(() => parseDevcontainer('{"image": '), /devcontainer.json is not valid JSON: ValueExpected at offset/);
    assert.throws(() => parseDevcontainer('[1]'), /must hold an object/);
    assert.throws(() => parseDevcontainer('{"forwardPorts": "3000"}'), /forwardPorts: /);
    assert.throws(() => parseDevcontainer(`{"name": "${'x'.repeat(70_000)}"}`), /larger than 64 KiB/);
});

test('its image picks the owner\'s profile with that image; another image is refused with what is offered', () => {
    const catalog = parseProfiles({ defaultProfile: 'default', profiles: { default: { image: 'ide-sandbox-base:latest' }, web: { image: 'ide-sandbox-node-python:latest', network: 'egress' } } });
    const [base, web] = [catalog.profiles.get('default')!, catalog.profiles.get('web')!];
    const switched = devcontainerRecord('{"image": "ide-sandbox-node-python:latest", "postCreateCommand": "make"}', base, [base, web], () => false);
    assert.equal(switched.profile.name, 'web');
    assert.deepEqual(switched.record.notes, ['image ide-sandbox-node-python:latest: profile web', 'postCreateCommand: run once after the first start']);
    const foreign = devcontainerRecord('{"image": "mcr.microsoft.com/devcontainers/base:ubuntu"}', base, [base], () => false);
    assert.equal(foreign.profile.name, 'default');
    assert.match(foreign.record.notes[0], /image mcr.microsoft.com\/devcontainers\/base:ubuntu is not one this server offers you \(ide-sandbox-base:latest\): the workspace uses profile default/);
    const broken = devcontainerRecord('{ nope', base, [base], () => false);
    assert.match(broken.record.notes[0], /not valid JSON.*nothing of it was applied/);
});

test('its extensions are installed from the registry where it has them and the profile lets users add extensions; the others are named', () => {
    const catalog = parseProfiles({ defaultProfile: 'open', profiles: { open: { image: 'ide-sandbox-base:latest' }, locked: { image: 'ide-sandbox-base:latest', allowUserExtensions: false } } });
    const text = '{"customizations": {"vscode": {"extensions": ["Acme.Hello", "ms-python.python"]}}}';
    const inRegistry = (id: string): boolean => id === 'acme.hello';
    const open = devcontainerRecord(text, catalog.profiles.get('open')!, [], inRegistry);
    assert.deepEqual(open.record.extensions, ['acme.hello']);
    assert.deepEqual(open.record.notes, [
        'extensions acme.hello: installed from this server\'s registry (read-only, like a profile\'s pinned ones)',
        'extensions ms-python.python: not in this server\'s registry (an admin uploads them on the admin page), not installed'
    ]);
    const locked = devcontainerRecord(text, catalog.profiles.get('locked')!, [], inRegistry);
    assert.match(locked.record.notes[0], /acme.hello: not installed, profile locked does not let users add extensions/);
});
