import '@theia/core/shared/reflect-metadata';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Container, ContainerModule } from '@theia/core/shared/inversify';
import { bindCommonLogger } from '@theia/core/lib/common/logger-binding';
import { ILogger, LoggerFactory } from '@theia/core/lib/common/logger';
import { ILoggerClient, ILoggerServer, LogLevel } from '@theia/core/lib/common/logger-protocol';
import { LoggerWatcher } from '@theia/core/lib/common/logger-watcher';
import { LoggerLevelAskedWhenUsed, rebindLoggers } from './log-level-asked-when-used';

/** Theia's logger bindings with ours over them, and a backend logger server that records what it is asked. */
function loggers(levels: Record<string, number>) {
    const asked: string[] = [];
    const logged: string[] = [];
    const server: ILoggerServer = {
        setLogLevel: async (name, level) => { asked.push(`setLogLevel ${name} ${level}`); },
        getLogLevel: async name => { asked.push(`getLogLevel ${name}`); return levels[name] ?? levels.root; },
        log: async (name, level, message) => { logged.push(`${name} ${LogLevel.strings.get(level)?.toUpperCase()} ${message}`); },
        child: async name => { asked.push(`child ${name}`); },
        setClient: (_client: ILoggerClient | undefined) => undefined,
        getClient: () => undefined,
        dispose: () => undefined
    } as ILoggerServer;
    const container = new Container();
    container.load(new ContainerModule((bind, _unbind, _isBound, rebind) => {
        bindCommonLogger(bind);
        bind(ILoggerServer).toConstantValue(server);
        bind(LoggerFactory).toFactory(() => () => { throw new Error('Theia\'s factory was not replaced'); });
        rebindLoggers(bind, rebind);
    }));
    return { container, asked, logged, watcher: container.get(LoggerWatcher) };
}

test('making loggers asks the backend nothing; a logger asks for its own level once, when it first logs', async () => {
    const { container, asked, logged } = loggers({ root: LogLevel.INFO, 'task:TaskService': LogLevel.DEBUG });
    const root = container.get<ILogger>(ILogger);
    assert.ok(root instanceof LoggerLevelAskedWhenUsed);
    const children = Array.from({ length: 50 }, (_, i) => root.child(`service-${i}`));
    const task = container.get<LoggerFactory>(LoggerFactory)('task:TaskService');
    assert.ok(children.every(child => child instanceof LoggerLevelAskedWhenUsed) && task instanceof LoggerLevelAskedWhenUsed);
    assert.deepEqual(asked, []);

    await children[3].debug('hidden at info');
    await children[3].info('shown');
    await task.debug('shown at debug');
    await task.debug('again');
    assert.deepEqual(asked, ['getLogLevel service-3', 'getLogLevel task:TaskService']);
    assert.deepEqual(logged, ['service-3 INFO shown', 'task:TaskService DEBUG shown at debug', 'task:TaskService DEBUG again']);
});

test('a level the backend announces, or a changed log configuration, is what the logger goes by', async () => {
    const levels: Record<string, number> = { root: LogLevel.INFO };
    const { container, asked, logged, watcher } = loggers(levels);
    const logger = container.get<ILogger>(ILogger).child('editor');
    watcher.getLoggerClient().onLogLevelChanged({ loggerName: 'editor', newLogLevel: LogLevel.DEBUG });
    await logger.debug('after the announcement');
    assert.deepEqual(asked, [], 'the announced level needs no question');

    levels.editor = LogLevel.ERROR;
    watcher.getLoggerClient().onLogConfigChanged();
    await logger.warn('after the new configuration');
    await logger.error('an error');
    assert.deepEqual(asked, ['getLogLevel editor']);
    assert.deepEqual(logged, ['editor DEBUG after the announcement', 'editor ERROR an error']);
});
