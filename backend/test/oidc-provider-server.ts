import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gatewayClient, TestAccount, TestOpenIdProvider } from './oidc-provider.js';

/**
 * The test provider as a process, for the Chromium tests (e2e/playwright.config.ts starts it):
 *   node backend/dist/test/oidc-provider-server.js --port 18733 --gateway http://127.0.0.1:18731
 *     --client-id ID --client-secret SECRET --accounts e2e/oidc-accounts.json
 */
const { values } = parseArgs({
    options: {
        port: { type: 'string' },
        gateway: { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        accounts: { type: 'string' }
    }
});
if (!values.port || !values.gateway || !values['client-id'] || !values['client-secret'] || !values.accounts) {
    process.stderr.write('usage: oidc-provider-server.js --port N --gateway URL --client-id ID --client-secret SECRET --accounts FILE\n');
    process.exit(2);
}
const accounts = JSON.parse(readFileSync(values.accounts, 'utf8')) as TestAccount[];
const op = await TestOpenIdProvider.start({
    port: Number(values.port),
    clients: [gatewayClient(values.gateway, values['client-id'], values['client-secret'])],
    accounts
});
process.stdout.write(`test OpenID provider at ${op.issuer} with ${accounts.length} accounts\n`);
const stop = (): void => void op.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
