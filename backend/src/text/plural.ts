/** "1 workspace", "3 workspaces", "2 sandboxes". */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
    return `${count} ${count === 1 ? singular : plural}`;
}
