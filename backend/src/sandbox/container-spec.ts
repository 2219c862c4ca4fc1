import { createHash } from 'node:crypto';
import type { ContainerCreateOptions } from 'dockerode';
import { DEFAULT_GATEWAY_SOCKET_PATH, GATEWAY_SOCKET_ENV, PINNED_EXTENSIONS_DIR, RUN_DIR } from '@ide/sandbox-contract';
import { egressNetworkName } from './sandbox-network.js';
import { SandboxRequest } from './sandbox-provider.js';

export const SANDBOX_UID = 1000;
export const WORKSPACE_DIR = '/workspace';
export const HOME_DIR = '/home/ide';

export const LABELS = {
    managed: 'io.theia-sandbox-ide.managed',
    instance: 'io.theia-sandbox-ide.instance',
    workspace: 'io.theia-sandbox-ide.workspace',
    owner: 'io.theia-sandbox-ide.owner',
    specHash: 'io.theia-sandbox-ide.spec-hash'
} as const;

export interface SandboxNaming {
    instance: string;
    /** Host directory mounted read-only at /opt/ide: Node and the built Theia app. */
    runtimeDir: string;
}

/** In a networked sandbox, git asks the gateway (over gateway.sock) for the token of the host the workspace was cloned from. */
const GIT_CREDENTIAL_HELPER_ENV = ['GIT_CONFIG_COUNT=1', 'GIT_CONFIG_KEY_0=credential.helper', 'GIT_CONFIG_VALUE_0=!/opt/ide/node /opt/ide/git-credential-helper.js'];

export const containerName = (instance: string, workspaceId: string): string => `ide-${instance}-${workspaceId}`;
export const volumeName = (instance: string, workspaceId: string): string => `ide-${instance}-${workspaceId}-workspace`;

/**
 * The container of one workspace, hardened as DESIGN.md says: non-root, no capabilities,
 * no-new-privileges, read-only root with tmpfs scratch, pid/memory/CPU limits, no network.
 * The gateway's sockets are mounted read-only: the sandbox dials them, it cannot replace them.
 */
export function sandboxContainerSpec(request: SandboxRequest, naming: SandboxNaming): ContainerCreateOptions {
    const { id, profile, link } = request;
    const spec: ContainerCreateOptions = {
        name: containerName(naming.instance, id),
        Image: profile.image,
        Hostname: `ws-${id}`,
        User: `${SANDBOX_UID}:${SANDBOX_UID}`,
        WorkingDir: WORKSPACE_DIR,
        Entrypoint: ['/opt/ide/node'],
        Cmd: ['/opt/ide/sandbox-entry.js'],
        Env: [
            ...Object.entries(profile.env).map(([name, value]) => `${name}=${value}`),
            `HOME=${HOME_DIR}`,
            'SHELL=/bin/bash',
            'LANG=C.UTF-8',
            `IDE_WORKSPACE_DIR=${WORKSPACE_DIR}`,
            `IDE_PROFILE=${profile.name}`,
            `${GATEWAY_SOCKET_ENV}=${DEFAULT_GATEWAY_SOCKET_PATH}`,
            ...(profile.network === 'egress' ? GIT_CREDENTIAL_HELPER_ENV : [])
        ],
        Labels: {
            [LABELS.managed]: 'true',
            [LABELS.instance]: naming.instance,
            [LABELS.workspace]: id,
            [LABELS.owner]: request.ownerId
        },
        NetworkDisabled: profile.network === 'none',
        HostConfig: {
            NetworkMode: profile.network === 'egress' ? egressNetworkName(naming.instance, id) : 'none',
            Init: true,
            ReadonlyRootfs: true,
            CapDrop: ['ALL'],
            SecurityOpt: ['no-new-privileges:true'],
            Privileged: false,
            PidsLimit: profile.pids,
            Memory: profile.memory,
            MemorySwap: profile.memory,
            NanoCpus: Math.round(profile.cpus * 1e9),
            Runtime: profile.runtime,
            IpcMode: 'private',
            Tmpfs: {
                '/tmp': `rw,nosuid,nodev,size=${profile.tmpSize}`,
                [HOME_DIR]: `rw,nosuid,nodev,size=${profile.homeSize},uid=${SANDBOX_UID},gid=${SANDBOX_UID},mode=0700`
            },
            Binds: [
                `${naming.runtimeDir}:/opt/ide:ro`, `${link.hostDir}:${RUN_DIR}:ro`,
                ...(request.pinnedExtensions ?? []).map(pinned => `${pinned.hostDir}:${PINNED_EXTENSIONS_DIR}/${pinned.id}:ro`)
            ],
            Mounts: [{ Type: 'volume', Source: volumeName(naming.instance, id), Target: WORKSPACE_DIR }],
            RestartPolicy: { Name: 'no' },
            LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '2' } }
        }
    };
    spec.Labels![LABELS.specHash] = specHash(spec);
    return spec;
}

/** A container whose spec hash differs from the profile's current one is recreated on next open. */
export function specHash(spec: ContainerCreateOptions): string {
    const { Labels: _labels, ...rest } = spec;
    return createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 16);
}
