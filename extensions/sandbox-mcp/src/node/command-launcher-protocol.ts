/**
 * Messages between the IDE backend and its command launcher (command-launcher.ts), a small process that spawns the
 * agents' commands: a spawn forks the calling process, and forking the backend (hundreds of MB) costs ~5 ms a command.
 * Both processes are the sandbox's own; Node's IPC channel with `advanced` serialization carries the output buffers.
 */
export interface StartCommand {
    type: 'start';
    id: number;
    command: string;
    cwd: string;
    /** Exported by the command's login shell once its profile is read, over the launcher's environment (the backend's). */
    env: Record<string, string>;
}

export type LauncherEvent =
    | { type: 'spawned'; id: number; pid: number }
    | { type: 'spawn-failed'; id: number; message: string; code?: string }
    | { type: 'output'; id: number; data: Uint8Array }
    /** The shell exited; its output may still be in the pipe (background children can hold it open). */
    | { type: 'exit'; id: number; exitCode: number | null; signal: NodeJS.Signals | null }
    /** The shell exited and its output pipe is closed. */
    | { type: 'close'; id: number; exitCode: number | null; signal: NodeJS.Signals | null };

/** The launcher's program: beside the module that starts it, unbundled (lib/node) and bundled (an esbuild entry of lib/backend). */
export const COMMAND_LAUNCHER_MAIN = 'command-launcher';
