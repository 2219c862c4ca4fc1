import { z } from 'zod';

/* What the gateway accepts from a sandbox on the registry's paths (extension-registry.ts). */

/** `publisher.name`, lowercase as Open VSX compares them. */
export const extensionIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}\.[a-z0-9][a-z0-9._-]{0,127}$/, 'an extension id is publisher.name (lowercase letters, digits, ".", "_" or "-")');

const queryNumber = (max: number) => z.coerce.number().int().min(0).max(max);

export const registrySearchSchema = z.object({
    query: z.string().max(200).default(''),
    category: z.string().max(100).optional(),
    size: queryNumber(100).default(18),
    offset: queryNumber(100_000).default(0)
});

export const registryQuerySchema = z.object({
    extensionId: z.string().max(200).optional(),
    extensionName: z.string().max(128).optional(),
    namespaceName: z.string().max(63).optional(),
    extensionVersion: z.string().max(64).optional(),
    includeAllVersions: z.enum(['true', 'false']).optional(),
    size: queryNumber(100).default(100),
    offset: queryNumber(100_000).default(0)
});

export const REGISTRY_QUERY_LIMIT_CHARS = 2048;
