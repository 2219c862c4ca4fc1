import { parse, ParseError, printParseErrorCode } from 'jsonc-parser';
import { z } from 'zod';

/** What of a repository's `.devcontainer/devcontainer.json` this server applies; the rest is named in `unsupported`. */
export interface DevcontainerPlan {
    image?: string;
    /** Run once, by bash in /workspace, after the first start. */
    postCreateCommand?: string;
    forwardPorts: number[];
    /** Extension ids (`publisher.name`) from `customizations.vscode.extensions`. */
    extensions: string[];
    containerEnv: Record<string, string>;
    /** Properties present but not applied, for the user. */
    unsupported: string[];
}

export const MAX_DEVCONTAINER_BYTES = 64 * 1024;
const SUPPORTED = new Set(['name', 'image', 'postCreateCommand', 'forwardPorts', 'customizations', 'containerEnv', '$schema']);
// The sandbox's own wiring: a repository does not get to change it.
const RESERVED_ENV = /^(IDE_|GIT_CONFIG_|VSX_|THEIA_)|^(HOME|SHELL|PATH|LANG|USER)$/;

const shellWord = (word: string): string => /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;

const commandSchema = z.union([
    z.string().max(10_000),
    z.array(z.string().max(10_000)).min(1).max(100).transform(words => words.map(shellWord).join(' ')),
    // Named commands run in parallel in VS Code; here one after another, each reported.
    z.record(z.string(), z.union([z.string().max(10_000), z.array(z.string().max(10_000)).min(1).max(100).transform(words => words.map(shellWord).join(' '))]))
        .transform(commands => Object.values(commands).join(' && '))
]);

const devcontainerSchema = z.object({
    image: z.string().max(500).optional(),
    postCreateCommand: commandSchema.optional(),
    forwardPorts: z.array(z.union([z.number().int(), z.string().max(300)])).max(100).optional(),
    containerEnv: z.record(z.string().max(200), z.string().max(4096)).optional(),
    customizations: z.object({ vscode: z.object({ extensions: z.array(z.string().max(200)).max(100).optional() }).loose().optional() }).loose().optional()
}).loose();

export class DevcontainerError extends Error { }

/** The plan of a devcontainer.json (JSON with comments and trailing commas, as VS Code reads it); throws DevcontainerError saying what is wrong. */
export function parseDevcontainer(text: string): DevcontainerPlan {
    if (Buffer.byteLength(text) > MAX_DEVCONTAINER_BYTES) {
        throw new DevcontainerError(`devcontainer.json is larger than ${MAX_DEVCONTAINER_BYTES / 1024} KiB`);
    }
    const errors: ParseError[] = [];
    const raw: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
    if (errors.length > 0 || typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        const first = errors[0];
        throw new DevcontainerError(first ? `devcontainer.json is not valid JSON: ${printParseErrorCode(first.error)} at offset ${first.offset}` : 'devcontainer.json must hold an object');
    }
    const parsed = devcontainerSchema.safeParse(raw);
    if (!parsed.success) {
        throw new DevcontainerError(`devcontainer.json: ${parsed.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
    }
    const config = parsed.data;
    const unsupported = Object.keys(raw).filter(key => !SUPPORTED.has(key));
    const containerEnv: Record<string, string> = {};
    for (const [name, value] of Object.entries(config.containerEnv ?? {})) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || RESERVED_ENV.test(name) || value.includes('${')) {
            unsupported.push(`containerEnv.${name}`);
        } else {
            containerEnv[name] = value;
        }
    }
    const forwardPorts: number[] = [];
    for (const port of config.forwardPorts ?? []) {
        const number = typeof port === 'number' ? port : Number(/^(?:localhost:|127\.0\.0\.1:)?(\d+)$/.exec(port)?.[1]);
        if (Number.isInteger(number) && number >= 1024 && number <= 65535) {
            forwardPorts.push(number);
        } else {
            unsupported.push(`forwardPorts ${port}`);
        }
    }
    // Extension ids are case-insensitive (VS Code's and the registry's are lower-case).
    const extensions = (config.customizations?.vscode?.extensions ?? []).filter(id => /^[\w-]+\.[\w.-]+$/.test(id)).map(id => id.toLowerCase());
    for (const key of Object.keys(config.customizations ?? {}).filter(key => key !== 'vscode')) {
        unsupported.push(`customizations.${key}`);
    }
    return {
        ...(config.image ? { image: config.image } : {}),
        ...(config.postCreateCommand ? { postCreateCommand: config.postCreateCommand } : {}),
        forwardPorts: [...new Set(forwardPorts)],
        extensions: [...new Set(extensions)],
        containerEnv,
        unsupported
    };
}
