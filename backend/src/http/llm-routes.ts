import express from 'express';
import { TaskRecords } from '../audit/task-records.js';
import { LlmProxy } from '../llm/llm-proxy.js';
import { UsageLedger } from '../llm/usage-ledger.js';
import { currentAdmin, currentUser } from './request-context.js';

const TASKS_PAGE = 200;

/** What the model proxy spent and which AI tasks ran: each user sees their own; admins see everyone's. */
export function llmRoutes(ledger: UsageLedger, proxy: LlmProxy, taskRecords: TaskRecords, userMonthlyBudgetUsd: number): express.Router {
    const router = express.Router();

    router.get('/api/llm/usage', (req, res) => {
        res.json({ configured: proxy.configured, monthlyBudgetUsd: userMonthlyBudgetUsd, thisMonth: ledger.userMonth(currentUser(req).id) });
    });

    router.get('/api/admin/llm/usage', (req, res) => {
        currentAdmin(req);
        res.json({ configured: proxy.configured, monthlyBudgetUsd: userMonthlyBudgetUsd, users: ledger.allUsersThisMonth() });
    });

    router.get('/api/tasks', async (req, res) => {
        res.json({ tasks: await taskRecords.recent({ userId: currentUser(req).id, limit: TASKS_PAGE }) });
    });

    router.get('/api/admin/tasks', async (req, res) => {
        currentAdmin(req);
        res.json({ tasks: await taskRecords.recent({ limit: TASKS_PAGE }) });
    });

    return router;
}
