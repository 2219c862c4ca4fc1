import '@theia/core/shared/reflect-metadata';
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { Container } from '@theia/core/shared/inversify';
import { z } from 'zod';
import { SANDBOX_TOOLS } from '../common/tool-definitions';
import sandboxMcpBackendModule from './sandbox-mcp-backend-module';
import { SandboxTool } from './sandbox-tool';
import { comparableJsonSchema } from './comparable-json-schema';

function toolsByName(): Map<string, SandboxTool> {
    const container = new Container();
    container.load(sandboxMcpBackendModule);
    return new Map(container.getAll<SandboxTool>(SandboxTool).map(tool => [tool.name, tool]));
}

describe('tool definitions', () => {
    it('has exactly one executor tool per published definition', () => {
        assert.deepEqual([...toolsByName().keys()].sort(), SANDBOX_TOOLS.map(tool => tool.name).sort());
        assert.equal(new Set(SANDBOX_TOOLS.map(tool => tool.name)).size, SANDBOX_TOOLS.length);
    });

    for (const definition of SANDBOX_TOOLS) {
        it(`${definition.name}: the published JSON schema equals the zod validation`, () => {
            const tool = toolsByName().get(definition.name)!;
            const fromZod = z.toJSONSchema(tool.argumentsSchema, { io: 'input' });
            assert.deepEqual(comparableJsonSchema(fromZod), comparableJsonSchema(definition.inputSchema));
        });

        it(`${definition.name}: every property is described and the annotations are consistent`, () => {
            for (const [name, property] of Object.entries(definition.inputSchema.properties)) {
                assert.ok((property as { description?: string }).description, `${definition.name}.${name} has no description`);
            }
            const { readOnlyHint, destructiveHint, openWorldHint } = definition.annotations;
            assert.ok(!(readOnlyHint && destructiveHint), 'a read-only tool cannot be destructive');
            assert.equal(openWorldHint, false);
        });
    }
});
