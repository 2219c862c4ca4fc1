import { interfaces } from '@theia/core/shared/inversify';
import { SandboxTool } from './sandbox-tool';

/** Binds each tool as a singleton and as one of the SandboxTools the executor runs. */
export function bindSandboxTools(bind: interfaces.Bind, tools: readonly interfaces.Newable<SandboxTool>[]): void {
    for (const tool of tools) {
        bind(tool).toSelf().inSingletonScope();
        bind(SandboxTool).toService(tool);
    }
}
