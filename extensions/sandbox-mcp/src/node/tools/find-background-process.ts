import { CommandProcess } from '../command-process';
import { FINISHED_PROCESS_TTL_MS, ProcessRegistry } from '../process-registry';
import { ToolError } from '../tool-error';

export function findBackgroundProcess(registry: ProcessRegistry, processId: string): CommandProcess {
    const command = registry.get(processId);
    if (!command) {
        throw new ToolError(`processId ${JSON.stringify(processId)} is unknown: it was never returned by run_command, ` +
            `or it finished more than ${FINISHED_PROCESS_TTL_MS / 60_000} minutes ago`);
    }
    return command;
}
