import express, { Request, Response } from 'express';
import { GitCredentials } from '../workspaces/git/git-credentials.js';
import { fromForm } from './form-errors.js';
import { GIT_CREDENTIAL_FORM } from './pages/git-credentials-card.js';
import { answerFormOrJson, currentUser } from './request-context.js';

/** The tokens a user stores for cloning private repositories: listed without the token, replaced per host, deleted. */
export function gitCredentialRoutes(credentials: GitCredentials): express.Router {
    const router = express.Router();

    router.get('/api/git-credentials', (req, res) => {
        res.json({ credentials: credentials.list(currentUser(req)) });
    });

    router.post('/api/git-credentials', fromForm('dashboard', GIT_CREDENTIAL_FORM), async (req, res) => {
        const saved = await credentials.save(currentUser(req), req.body ?? {});
        answerFormOrJson(req, res, '/', `Token for ${saved.host} stored`, saved, 201);
    });

    const remove = async (req: Request, res: Response): Promise<void> => {
        const removed = await credentials.remove(currentUser(req), String(req.params.id));
        answerFormOrJson(req, res, '/', `Token for ${removed.host} deleted`, { ok: true });
    };
    router.delete('/api/git-credentials/:id', remove);
    router.post('/api/git-credentials/:id/delete', remove);

    return router;
}
