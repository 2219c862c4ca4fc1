/**
 * For the tests that hold a published tool schema (plain data the gateway lists) equal to the zod
 * schema that validates it: drops what only one side states — descriptions, zod's `$schema`, the
 * safe-integer bound every z.int() carries, z.record's `propertyNames: {type: string}`, and an
 * empty `required` (zod leaves it out).
 */
export function comparableJsonSchema(schema: unknown): unknown {
    if (Array.isArray(schema)) {
        return schema.map(comparableJsonSchema);
    }
    if (typeof schema !== 'object' || schema === null) {
        return schema;
    }
    return Object.fromEntries(Object.entries(schema)
        .filter(([key, value]) => !(key === 'description' || key === '$schema'
            || (key === 'maximum' && value === Number.MAX_SAFE_INTEGER)
            || (key === 'propertyNames' && JSON.stringify(value) === '{"type":"string"}')
            || (key === 'required' && Array.isArray(value) && value.length === 0)))
        .map(([key, value]) => [key, comparableJsonSchema(value)]));
}
