import assert from 'node:assert/strict';
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { Client } from './helpers.js';

/** An agent's view of the gateway: the MCP SDK's own client with a personal token. */
export interface Token { id: string; secret: string }

export async function createToken(client: Client, body: Record<string, unknown>): Promise<Token> {
    const created = await client.json<Token>('POST', '/api/tokens', body);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body;
}

export async function connectAgent(url: string, token: string): Promise<McpClient> {
    const client = new McpClient({ name: 'integration-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    return client;
}

export const textOf = (result: unknown): string => (result as CallToolResult).content.map(part => part.type === 'text' ? part.text : '').join('\n');
export const structuredOf = <T = Record<string, unknown>>(result: unknown): T => (result as CallToolResult).structuredContent as T;
