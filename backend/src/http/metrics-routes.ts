import { createHash, timingSafeEqual } from 'node:crypto';
import express from 'express';
import { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { HttpError } from './http-error.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * GET /metrics in the Prometheus text format. With IDE_METRICS_TOKEN set, scrapers send it as a
 * bearer token; without it, only clients on this machine may read the metrics.
 */
export function metricsRoutes(metrics: GatewayMetrics, token: string | undefined): express.Router {
    const router = express.Router();
    router.get('/metrics', async (req, res) => {
        if (token) {
            const presented = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
            if (!timingSafeEqual(digest(presented), digest(token))) {
                res.setHeader('WWW-Authenticate', 'Bearer realm="ide-metrics"');
                throw new HttpError(401, 'metrics need the bearer token set in IDE_METRICS_TOKEN');
            }
        } else if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) {
            throw new HttpError(403, 'metrics are served to this machine only; set IDE_METRICS_TOKEN to scrape them from elsewhere');
        }
        res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
    return router;
}
