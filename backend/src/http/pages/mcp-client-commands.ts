/** What a new token is shown with: ready-made setups of the usual MCP clients for it. */
export interface McpClientCommand {
    id: string;
    client: string;
    text: string;
}

/**
 * `url` is the token's endpoint (`…/mcp/<workspace>`); `serverName` what the client calls it.
 * The secret is in every command: they are shown once, with the token, and never stored.
 */
export function mcpClientCommands(url: string, serverName: string, secret: string): McpClientCommand[] {
    const header = `Authorization: Bearer ${secret}`;
    const json = (value: unknown): string => JSON.stringify(value, null, 2);
    return [
        { id: 'claude-code', client: 'Claude Code', text: `claude mcp add --transport http ${serverName} ${url} --header "${header}"` },
        { id: 'cursor', client: 'Cursor (~/.cursor/mcp.json)', text: json({ mcpServers: { [serverName]: { url, headers: { Authorization: `Bearer ${secret}` } } } }) },
        { id: 'vscode', client: 'VS Code (.vscode/mcp.json)', text: json({ servers: { [serverName]: { type: 'http', url, headers: { Authorization: `Bearer ${secret}` } } } }) },
        { id: 'inspector', client: 'MCP Inspector (lists the tools)', text: `npx @modelcontextprotocol/inspector --cli ${url} --transport http --header "${header}" --method tools/list` }
    ];
}

/** A name a shell and a JSON key take as is: letters, digits, `-` and `_`. */
export function mcpServerName(name: string): string {
    return name.trim().replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'ide';
}
