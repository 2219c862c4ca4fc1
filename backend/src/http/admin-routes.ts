import express from 'express';
import { UserService } from '../auth/users.js';
import { currentAdmin } from './request-context.js';

/** Admin API. Today: user accounts; profiles, quotas and sandboxes follow. */
export function adminRoutes(users: UserService): express.Router {
    const router = express.Router();

    router.get('/api/admin/users', (req, res) => {
        currentAdmin(req);
        res.json({ users: users.list().map(({ id, username, isAdmin, disabled, createdAt }) => ({ id, username, isAdmin, disabled, createdAt })) });
    });

    router.post('/api/admin/users', async (req, res) => {
        currentAdmin(req);
        const { username, password, isAdmin } = req.body ?? {};
        const user = await users.create(String(username ?? ''), String(password ?? ''), isAdmin === true);
        res.status(201).json({ id: user.id, username: user.username, isAdmin: user.isAdmin });
    });

    return router;
}
