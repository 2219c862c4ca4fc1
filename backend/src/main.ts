import { ConfigError, readServerConfig } from './config/server-config.js';
import { ProfileError } from './config/profiles.js';
import { startGateway } from './gateway.js';
import { createLogger } from './log.js';

const log = createLogger();

async function main(): Promise<void> {
    const config = readServerConfig();
    const gateway = await startGateway(config, log);
    process.stderr.write(`\n  Sandbox IDE gateway is up: ${gateway.url}/\n\n`);
    let stopping = false;
    const shutdown = async (signal: string): Promise<void> => {
        if (stopping) {
            return;
        }
        stopping = true;
        log.info({ signal }, 'shutting down: no new requests; sandboxes keep running and are adopted on the next start');
        await gateway.close();
        log.info('stopped');
        process.exit(0);
    };
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch(error => {
    if (error instanceof ConfigError || error instanceof ProfileError) {
        process.stderr.write(`${error.message}\n`);
    } else {
        log.fatal({ err: error }, 'gateway failed to start');
    }
    process.exit(1);
});
