import { ToolError } from '@ide/sandbox-mcp/lib/node/tool-error';
import { WorkspacePaths } from '@ide/sandbox-mcp/lib/node/workspace-paths';
import { MemoryLink } from '../common/memory-types';
import { MemoryError } from './memory-error';

/**
 * Links must name something inside the workspace: `..` escapes, absolute paths elsewhere and
 * symlinks leading out are refused. Returns them relative to the root, `/`-separated.
 */
export async function confineLinks(paths: WorkspacePaths, links: MemoryLink[]): Promise<MemoryLink[]> {
    const confined: MemoryLink[] = [];
    for (const [index, link] of links.entries()) {
        try {
            const resolved = await paths.resolve(`links[${index}].path`, link.path);
            if (resolved.relative === '.') {
                throw new ToolError(`links[${index}].path ${JSON.stringify(link.path)} is the workspace root; link a file or folder in it`);
            }
            confined.push({ path: resolved.relative.split('\\').join('/'), ...(link.line !== undefined && { line: link.line }) });
        } catch (error) {
            if (error instanceof ToolError) {
                throw new MemoryError(`invalid memory entry: ${error.message}`, 'invalid-input');
            }
            throw error;
        }
    }
    return confined;
}
