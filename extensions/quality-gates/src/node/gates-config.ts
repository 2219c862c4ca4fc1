import * as fs from 'fs/promises';
import * as path from 'path';
import { z } from 'zod';
import { GatesConfig, gatesConfigSchema } from './gates-config-schema';

export const GATES_CONFIG_FILE = '.ide/gates.json';

/** `.ide/gates.json` is invalid, or a run names gates that do not exist. The message says where and why. */
export class QualityGateConfigError extends Error {
    override readonly name = 'QualityGateConfigError';
}

/** The parsed `.ide/gates.json` of root, or undefined when there is none. Throws QualityGateConfigError when it is invalid. */
export async function readGatesConfig(root: string, schema: z.ZodType<GatesConfig> = gatesConfigSchema): Promise<GatesConfig | undefined> {
    let text: string;
    try {
        text = await fs.readFile(path.join(root, GATES_CONFIG_FILE), 'utf8');
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
            return undefined;
        }
        throw new QualityGateConfigError(`${GATES_CONFIG_FILE}: cannot be read: ${(error as Error).message}`);
    }
    return parseGatesConfig(text, schema);
}

export function parseGatesConfig(text: string, schema: z.ZodType<GatesConfig> = gatesConfigSchema): GatesConfig {
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (error) {
        throw new QualityGateConfigError(`${GATES_CONFIG_FILE}: not valid JSON: ${(error as Error).message}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
        throw new QualityGateConfigError(describeConfigIssues(parsed.error));
    }
    return parsed.data;
}

/** One line per issue: `.ide/gates.json: gates[2].timeoutSeconds: must be at least 1 second`. */
export function describeConfigIssues(error: z.ZodError): string {
    return error.issues.map(issue => {
        const where = issue.path.reduce<string>((text, key) =>
            typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key), '');
        return `${GATES_CONFIG_FILE}: ${where ? `${where}: ` : ''}${issue.message}`;
    }).join('\n');
}
