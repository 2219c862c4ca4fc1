import express from 'express';
import { PAGE_SCRIPT_PATH } from './pages/page-layout.js';
import { PAGE_SCRIPT } from './pages/page-script.js';

/** The files the gateway's pages load (their one script); public, like the sign-in page. */
export function assetRoutes(): express.Router {
    const router = express.Router();
    router.get(PAGE_SCRIPT_PATH, (_req, res) => {
        res.setHeader('Cache-Control', 'public, max-age=300');
        res.type('text/javascript').send(PAGE_SCRIPT);
    });
    return router;
}
