import { Container, injectable, interfaces } from '@theia/core/shared/inversify';
import { ILogger, Logger, LoggerFactory, LoggerName } from '@theia/core/lib/common/logger';

/**
 * Theia's frontend logger, asking the backend for its level when it first logs instead of when it is made.
 * Theia makes a named logger for each of some 55 services as the workbench starts, and each made two round
 * trips to the sandbox (`child`, then `getLogLevel`) and drew an `onLogLevelChanged` back: some 165
 * messages on the IDE's one connection, ahead of the answers the workbench layout waits for. The backend's
 * `child` only echoes the logger's configured level back, so it is not asked; most loggers never log.
 */
@injectable()
export class LoggerLevelAskedWhenUsed extends Logger {
    protected override init(): void {
        this.created = Promise.resolve();
        let level: Promise<number> | undefined;
        Object.defineProperty(this, '_logLevel', {
            get: () => level ??= this.server.getLogLevel(this.name),
            set: (value: Promise<number>) => { level = value; }
        });
        this.loggerWatcher.onLogLevelChanged(event => {
            if (event.loggerName === this.name) {
                level = Promise.resolve(event.newLogLevel);
            }
        });
        this.loggerWatcher.onLogConfigChanged(() => { level = undefined; });
    }
}

/** As Theia's own logger bindings (`bindCommonLogger`, the frontend's LoggerFactory), with LoggerLevelAskedWhenUsed. */
export function rebindLoggers(bind: interfaces.Bind, rebind: interfaces.Rebind): void {
    rebind(ILogger).to(LoggerLevelAskedWhenUsed).inSingletonScope().when(request => loggerNameOf(request) === undefined);
    bind(ILogger).toDynamicValue(({ container, currentRequest }) => container.get<ILogger>(ILogger).child(loggerNameOf(currentRequest)!))
        .when(request => loggerNameOf(request) !== undefined);
    rebind(LoggerFactory).toFactory(({ container }) => (name: string) => {
        const child = new Container({ defaultScope: 'Singleton' });
        child.parent = container;
        child.bind(ILogger).to(LoggerLevelAskedWhenUsed).inTransientScope();
        child.bind(LoggerName).toConstantValue(name);
        return child.get<ILogger>(ILogger);
    });
}

/** The name an `@inject(ILogger) @named(…)` asks for. */
function loggerNameOf(request: interfaces.Request): string | undefined {
    return request.target.metadata.find(entry => entry.key === 'named')?.value?.toString();
}
