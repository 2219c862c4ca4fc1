import express, { Request, Response } from 'express';
import { ExtensionConflict, ExtensionStore, StoredExtension } from '../extensions-registry/extension-store.js';
import { readVsixUpload } from '../extensions-registry/vsix-upload.js';
import { VsixRejected } from '../extensions-registry/vsix-validation.js';
import { Logger } from '../log.js';
import { notFound } from '../errors/domain-error.js';
import { HttpError } from './http-error.js';
import { answerFormOrJson, currentAdmin, wantsHtml } from './request-context.js';

/** The registry's admin API: upload (validated), list, delete. Only admins; the page's card is admin-extensions-card.ts. */
export function adminExtensionRoutes(store: ExtensionStore, log: Logger): express.Router {
    const router = express.Router();

    router.get('/api/admin/extensions', (req, res) => {
        currentAdmin(req);
        res.json({ extensions: store.list(), maxUploadBytes: store.limits.maxBytes });
    });

    router.post('/api/admin/extensions', async (req, res) => {
        const admin = currentAdmin(req);
        let record: StoredExtension;
        try {
            record = await store.add(await readVsixUpload(req, store.limits.maxBytes), admin.username);
        } catch (error) {
            const refusal = error instanceof VsixRejected ? new HttpError(400, `Upload refused: ${error.message}`)
                : error instanceof ExtensionConflict ? new HttpError(409, `Upload refused: ${error.message}`)
                    : error instanceof HttpError ? new HttpError(error.status, `Upload refused: ${error.message}`) : error;
            if (refusal instanceof HttpError && wantsHtml(req)) {
                req.resume();
                res.redirect(303, `/admin?error=${encodeURIComponent(refusal.message.slice(0, 290))}#extensions`);
                return;
            }
            throw refusal;
        }
        log.info({ extension: record.id, version: record.version, by: admin.username }, 'extension uploaded to the registry');
        answerFormOrJson(req, res, '/admin', `Added ${record.id} ${record.version}`, record, 201);
    });

    const remove = async (req: Request, res: Response): Promise<void> => {
        const admin = currentAdmin(req);
        const id = String(req.params.id);
        const version = typeof req.params.version === 'string' ? req.params.version : undefined;
        const gone = await store.remove(id, version);
        if (!gone.length) {
            throw notFound('extension');
        }
        log.info({ extension: id, versions: gone.map(record => record.version), by: admin.username }, 'extension deleted from the registry');
        answerFormOrJson(req, res, '/admin', `Deleted ${id} ${gone.map(record => record.version).join(', ')}`, { deleted: gone });
    };
    router.delete('/api/admin/extensions/:id', remove);
    router.delete('/api/admin/extensions/:id/:version', remove);
    router.post('/api/admin/extensions/:id/:version/delete', remove);

    return router;
}
