import { CommandExit } from './command-process';

export function formatBytes(bytes: number): string {
    if (bytes < 1024) {
        return `${bytes} bytes`;
    }
    if (bytes < 1024 * 1024) {
        return `${Math.round(bytes / 1024)} KB`;
    }
    return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export function formatDuration(ms: number): string {
    return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

export function describeExit(exit: CommandExit): string {
    return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.exitCode}`;
}
