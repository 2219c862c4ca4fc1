import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { extensionIdSchema } from '@ide/sandbox-contract';
import { groupNameSchema } from '../auth/group-name.js';
import { usernameSchema } from '../auth/username.js';
import { parseByteSize } from './sizes.js';

const byteSize = (field: string) => z.union([z.string(), z.number()]).transform((value, ctx) => {
    const bytes = parseByteSize(value);
    if (bytes === undefined) {
        ctx.addIssue({ code: 'custom', message: `${field} must be a size like "512m" or "2g", got ${JSON.stringify(value)}` });
        return z.NEVER;
    }
    return bytes;
});

const profileSchema = z.object({
    description: z.string().max(500).default(''),
    image: z.string().min(1).max(255).regex(/^[a-zA-Z0-9][a-zA-Z0-9._\-/:@]*$/, 'image must be a Docker image reference'),
    cpus: z.number().positive().max(64).default(1),
    memory: byteSize('memory').default(2 * 1024 ** 3),
    pids: z.number().int().min(64).max(1_000_000).default(512),
    network: z.enum(['none', 'egress'], { error: 'network must be "none" (no network at all) or "egress" (the internet, but not the host, other sandboxes or private ranges)' }).default('none'),
    runtime: z.string().regex(/^[a-z0-9._-]+$/, 'runtime must be a Docker runtime name such as runc or runsc').default('runc'),
    tmpSize: byteSize('tmpSize').default(512 * 1024 ** 2),
    homeSize: byteSize('homeSize').default(512 * 1024 ** 2),
    warmPool: z.number().int().min(0).max(50).default(0)
        .describe('How many started sandboxes of this profile wait for new workspaces'),
    idleMinutes: z.number().positive().max(7 * 24 * 60).default(30)
        .describe('Stop the sandbox after this long with no browser connection, request, agent call or CPU use'),
    maxLifetimeHours: z.number().nonnegative().max(24 * 365).default(0)
        .describe('Stop the sandbox this long after it started, busy or not; 0 means no limit'),
    allowedUsers: z.array(usernameSchema).optional()
        .describe('Users who may create workspaces with this profile; with allowedGroups absent too, everyone'),
    allowedGroups: z.array(groupNameSchema).optional()
        .describe('Groups whose members may create workspaces with this profile'),
    pinnedExtensions: z.array(z.string().max(260).refine(pin => extensionIdSchema.safeParse(pin.split('@')[0]).success && pin.split('@').length <= 2,
        'a pinned extension is publisher.name or publisher.name@version (lowercase), as the registry lists it')).max(50).default([])
        .describe('Extensions from the registry pre-installed read-only in every sandbox of this profile'),
    allowUserExtensions: z.boolean().default(true)
        .describe('Whether users may install other extensions from the registry'),
    env: z.record(z.string(), z.string()).default({}).superRefine((env, ctx) => {
        for (const name of Object.keys(env).filter(key => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))) {
            ctx.addIssue({ code: 'custom', path: [name], message: `env name ${JSON.stringify(name)} is not valid: env names must be shell identifiers` });
        }
    })
}).strict();

const profilesFileSchema = z.object({
    defaultProfile: z.string().default('default'),
    profiles: z.record(z.string(), profileSchema)
}).strict().superRefine((file, ctx) => {
    for (const name of Object.keys(file.profiles).filter(key => !/^[a-z0-9][a-z0-9-]{0,39}$/.test(key))) {
        ctx.addIssue({ code: 'custom', path: ['profiles', name], message: 'profile names are lowercase letters, digits and dashes (at most 40)' });
    }
    if (!file.profiles[file.defaultProfile]) {
        ctx.addIssue({ code: 'custom', path: ['defaultProfile'], message: `defaultProfile "${file.defaultProfile}" is not one of the profiles` });
    }
});

export type SandboxProfile = z.infer<typeof profileSchema> & { name: string };

export interface ProfileCatalog {
    readonly defaultProfile: string;
    readonly profiles: ReadonlyMap<string, SandboxProfile>;
}

export class ProfileError extends Error { }

/** Validates the profiles document (already parsed from YAML/JSON); errors name the field that is wrong. */
export function parseProfiles(document: unknown, source = 'profiles'): ProfileCatalog {
    const result = profilesFileSchema.safeParse(document);
    if (!result.success) {
        const problems = result.error.issues.map(issue => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`);
        throw new ProfileError(`${source} is invalid:\n${problems.join('\n')}`);
    }
    const profiles = new Map<string, SandboxProfile>();
    for (const [name, profile] of Object.entries(result.data.profiles)) {
        profiles.set(name, { ...profile, name });
    }
    return { defaultProfile: result.data.defaultProfile, profiles };
}

export async function loadProfiles(path: string): Promise<ProfileCatalog> {
    let text: string;
    try {
        text = await readFile(path, 'utf8');
    } catch (error) {
        throw new ProfileError(`cannot read profiles file ${path}: ${(error as Error).message}`);
    }
    let document: unknown;
    try {
        document = parseYaml(text);
    } catch (error) {
        throw new ProfileError(`${path} is not valid YAML: ${(error as Error).message}`);
    }
    return parseProfiles(document, path);
}
