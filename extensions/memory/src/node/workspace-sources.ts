import * as fs from 'fs/promises';
import * as path from 'path';
import { MEMORY_DIR } from '../common/memory-limits';
import { isEntryFileName } from './memory-store';

/*
 * Which files of a workspace the memory indexes, all relative to the root with `/`:
 *   entries  .ide/memory/*.md
 *   docs     README* AGENTS.md CLAUDE.md CONTRIBUTING.md at the root, and Markdown under
 *            docs/ (ADRs in docs/adr/ included), adr/ and doc/decisions/
 */

export type SourceKind = 'entry' | 'doc';

export interface SourceFolder {
    folder: string;
    /** Whether sub-folders count (entries live directly in their folder). */
    recursive: boolean;
}

export const SOURCE_FOLDERS: readonly SourceFolder[] = [
    { folder: MEMORY_DIR, recursive: false },
    { folder: 'docs', recursive: true },
    { folder: 'adr', recursive: true },
    { folder: 'doc/decisions', recursive: true }
];

const ROOT_DOC = /^(readme(\.[^/]*)?|agents\.md|claude\.md|contributing\.md)$/i;
const MARKDOWN = /\.(md|markdown)$/i;
const SKIPPED_FOLDER = /^(\..*|node_modules)$/;

export function classifySource(relative: string): SourceKind | undefined {
    const segments = relative.split('/');
    if (segments.length === 1) {
        return ROOT_DOC.test(relative) ? 'doc' : undefined;
    }
    const folder = segments.slice(0, -1).join('/');
    if (folder === MEMORY_DIR) {
        return isEntryFileName(segments[segments.length - 1]) ? 'entry' : undefined;
    }
    const tree = SOURCE_FOLDERS.find(source => source.recursive && isUnder(relative, source.folder));
    if (!tree || !MARKDOWN.test(relative)) {
        return undefined;
    }
    const inner = relative.slice(tree.folder.length + 1).split('/').slice(0, -1);
    return inner.some(segment => SKIPPED_FOLDER.test(segment)) ? undefined : 'doc';
}

/** Whether a folder's sub-folders are walked when looking for sources ('' is the root). */
export function isWalkedFolder(relative: string): boolean {
    if (relative === '') {
        return true;
    }
    return SOURCE_FOLDERS.some(source =>
        isUnder(source.folder, relative)
        || (source.recursive && isUnder(relative, source.folder) && !relative.slice(source.folder.length + 1).split('/').some(segment => SKIPPED_FOLDER.test(segment))));
}

/** Every source file at or under `under` ('' for all), relative to the root. */
export async function listSources(root: string, under = ''): Promise<string[]> {
    const found: string[] = [];
    const visit = async (relative: string): Promise<void> => {
        const entries = await fs.readdir(path.join(root, relative), { withFileTypes: true }).catch(() => []);
        for (const entry of entries) {
            const child = relative ? `${relative}/${entry.name}` : entry.name;
            if (entry.isDirectory()) {
                if (isWalkedFolder(child)) {
                    await visit(child);
                }
            } else if (entry.isFile() && classifySource(child)) {
                found.push(child);
            }
        }
    };
    const stats = await fs.stat(path.join(root, under)).catch(() => undefined);
    if (stats?.isDirectory()) {
        if (isWalkedFolder(under)) {
            await visit(under);
        }
    } else if (stats?.isFile() && classifySource(under)) {
        found.push(under);
    }
    return found.sort();
}

/** Whether `relative` is `folder` or inside it. */
export function isUnder(relative: string, folder: string): boolean {
    return folder === '' || relative === folder || relative.startsWith(folder + '/');
}
