import { injectable } from '@theia/core/shared/inversify';
import { isPreviewPort, PROXY_URI_ENV } from '@ide/sandbox-contract/lib/port-preview';
import { askGatewayForWorkspace } from '@ide/sandbox-contract/lib/gateway-workspace-client';
import { SandboxPorts } from '../common/ports-protocol';
import { ephemeralPorts, listeningPorts } from './listening-ports';

@injectable()
export class SandboxPortsImpl implements SandboxPorts {
    async listening(): Promise<number[]> {
        const ideOwn = Number(process.env.IDE_THEIA_PORT);
        const { low, high } = await ephemeralPorts();
        return (await listeningPorts()).filter(port => isPreviewPort(port) && port !== ideOwn && (port < low || port > high));
    }

    async forwarded(): Promise<number[]> {
        return (await askGatewayForWorkspace())?.forwardPorts ?? [];
    }

    async setProxyUri(template: string): Promise<void> {
        // The IDE's backend starts every terminal and task: they inherit it.
        if (/^https?:\/\/[^\s]*\{\{port\}\}[^\s]*$/.test(template) && template.length < 500) {
            process.env[PROXY_URI_ENV] = template;
        }
    }
}
