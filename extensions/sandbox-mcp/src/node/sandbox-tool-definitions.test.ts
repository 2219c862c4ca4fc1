import '@theia/core/shared/reflect-metadata';
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { Container } from '@theia/core/shared/inversify';
import { publishedTool, SANDBOX_TOOLS } from '../common/tool-definitions';
import sandboxMcpBackendModule from './sandbox-mcp-backend-module';
import { SandboxTool } from './sandbox-tool';

function toolsByName(): Map<string, SandboxTool> {
    const container = new Container();
    container.load(sandboxMcpBackendModule);
    return new Map(container.getAll<SandboxTool>(SandboxTool).map(tool => [tool.definition.name, tool]));
}

describe('tool definitions', () => {
    it('has exactly one executor tool per published definition', () => {
        assert.deepEqual([...toolsByName().keys()].sort(), SANDBOX_TOOLS.map(tool => tool.name).sort());
        assert.equal(new Set(SANDBOX_TOOLS.map(tool => tool.name)).size, SANDBOX_TOOLS.length);
    });

    for (const definition of SANDBOX_TOOLS) {
        it(`${definition.name}: the executor validates with the definition agents see`, () => {
            assert.equal(toolsByName().get(definition.name)!.definition, definition);
        });

        it(`${definition.name}: the published JSON schema is a closed object, every property described, annotations consistent`, () => {
            const { inputSchema, annotations } = publishedTool(definition);
            assert.equal(inputSchema.type, 'object');
            assert.equal(inputSchema.additionalProperties, false);
            assert.ok(!('$schema' in inputSchema));
            for (const [name, property] of Object.entries(inputSchema.properties)) {
                assert.ok((property as { description?: string }).description, `${definition.name}.${name} has no description`);
            }
            const { readOnlyHint, destructiveHint, openWorldHint } = annotations;
            assert.ok(!(readOnlyHint && destructiveHint), 'a read-only tool cannot be destructive');
            assert.equal(openWorldHint, false);
        });
    }
});
