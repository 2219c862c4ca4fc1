import express from 'express';
import { SandboxProvider } from '../sandbox/sandbox-provider.js';
import { Store } from '../store/store.js';

/** Liveness (the process answers) and readiness (Docker reachable, store writable). */
export function healthRoutes(store: Store, sandboxes: SandboxProvider): express.Router {
    const router = express.Router();
    router.get('/healthz', (_req, res) => {
        res.json({ status: 'ok' });
    });
    router.get('/readyz', async (_req, res) => {
        const [docker, storage] = await Promise.all([
            check(() => sandboxes.ping()),
            check(() => store.checkWritable())
        ]);
        const ready = docker === 'ok' && storage === 'ok';
        res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks: { docker, store: storage } });
    });
    return router;
}

async function check(probe: () => Promise<void>): Promise<string> {
    try {
        await probe();
        return 'ok';
    } catch (error) {
        return (error as Error).message;
    }
}
