/*
 * What an agent sees of a tool, defined once: the sandbox validates arguments with `inputSchema`
 * and the gateway lists the JSON Schema derived from it in MCP `tools/list`. Only zod is
 * imported, so the gateway can require the definitions without Theia.
 */
import { z } from 'zod';

export interface ToolAnnotations {
    readOnlyHint: boolean;
    destructiveHint: boolean;
    idempotentHint: boolean;
    /** Sandboxes have no network by default; the tools touch only the workspace and its processes. */
    openWorldHint: false;
}

export interface SandboxToolDefinition<Schema extends z.ZodType = z.ZodType> {
    name: string;
    title: string;
    description: string;
    /** Every property carries a description (`.describe()`): it is what agents read. */
    inputSchema: Schema;
    annotations: ToolAnnotations;
}

export interface JsonSchemaObject {
    type: 'object';
    properties: Record<string, object>;
    required?: string[];
    additionalProperties: false;
}

/** A tool as MCP `tools/list` and model APIs take it: the input schema as JSON Schema. */
export interface ToolDefinition {
    name: string;
    title: string;
    description: string;
    inputSchema: JsonSchemaObject;
    annotations: ToolAnnotations;
}

export function publishedTool({ name, title, description, inputSchema, annotations }: SandboxToolDefinition): ToolDefinition {
    return { name, title, description, inputSchema: toolInputJsonSchema(inputSchema), annotations };
}

/**
 * z.toJSONSchema of the arguments, without what says nothing to an agent: `$schema`, the
 * safe-integer bounds every z.int() carries, z.record's `propertyNames: {type: string}`.
 */
export function toolInputJsonSchema(schema: z.ZodType): JsonSchemaObject {
    const { $schema, ...jsonSchema } = z.toJSONSchema(schema, { io: 'input' });
    return withoutImpliedKeywords(jsonSchema) as JsonSchemaObject;
}

function withoutImpliedKeywords(schema: unknown): unknown {
    if (Array.isArray(schema)) {
        return schema.map(withoutImpliedKeywords);
    }
    if (typeof schema !== 'object' || schema === null) {
        return schema;
    }
    return Object.fromEntries(Object.entries(schema)
        .filter(([key, value]) => !((key === 'maximum' && value === Number.MAX_SAFE_INTEGER)
            || (key === 'minimum' && value === Number.MIN_SAFE_INTEGER)
            || (key === 'propertyNames' && JSON.stringify(value) === '{"type":"string"}')))
        .map(([key, value]) => [key, withoutImpliedKeywords(value)]));
}
