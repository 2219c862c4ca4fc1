import { Client } from '../test/helpers.js';

/** Creates a workspace; a refusal (a quota, no Docker engine) stops the bench with the gateway's reason. */
export async function createWorkspace(api: Client, fields: { name: string; profile: string; gitUrl?: string }): Promise<string> {
    const created = await api.json<{ id?: string; error?: string }>('POST', '/api/workspaces', fields);
    if (created.status !== 201 || !created.body.id) {
        throw new Error(`creating workspace ${fields.name}: ${created.status} ${created.body.error ?? ''}`);
    }
    return created.body.id;
}

/** Starts a workspace's sandbox and waits until it runs; a failed start stops the bench with the gateway's reason. */
export async function openWorkspace(api: Client, id: string): Promise<void> {
    const opened = await api.json<{ error?: string }>('POST', `/api/workspaces/${id}/open`);
    if (opened.status !== 200) {
        throw new Error(`opening workspace ${id}: ${opened.status} ${opened.body.error ?? ''}`);
    }
}
