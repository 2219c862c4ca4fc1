import { CommandExit } from './command-process';

export function describeExit(exit: CommandExit): string {
    return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.exitCode}`;
}
