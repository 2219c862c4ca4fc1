import { z } from 'zod';
import { MemoryError } from './memory-error';

export * from '../common/memory-schemas';

/** Parses or throws a MemoryError naming every problem: `invalid memory entry: title: must not be empty; tags[0]: …`. */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
        throw new MemoryError(`invalid ${what}: ${describeIssues(parsed.error)}`, 'invalid-input');
    }
    return parsed.data;
}

/** `tags[1]: "Foo" is not a valid tag…; title: is missing` */
export function describeIssues(error: z.ZodError): string {
    return error.issues.map(issue => {
        const where = issue.path.reduce<string>((text, key) =>
            typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key), '');
        const message = issue.code === 'invalid_type' && issue.message.endsWith('received undefined') ? 'is missing' : issue.message;
        return where ? `${where}: ${message}` : message;
    }).join('; ');
}
