import * as fs from 'fs/promises';
import * as path from 'path';
import { GateRunResult } from '../common/gate-results';
import { writeFileAtomically } from '@ide/sandbox-mcp/lib/node/atomic-write';
import { boundedLog } from './bounded-text';

export const HISTORY_FILE = '.ide/gates/history.json';
export const MAX_HISTORY_RUNS = 20;
/** Logs are cut further in the history than in a live result. */
export const MAX_HISTORY_LOG_CHARS = 16 * 1024;

interface HistoryFile {
    version: 1;
    runs: GateRunResult[];
}

/** Writes to one history file, one after another (per process), so that no run is lost. */
const writeQueues = new Map<string, Promise<unknown>>();

/** The recent runs of a project, newest first, in `<root>/.ide/gates/history.json` (written atomically). */
export class RunHistory {
    readonly file: string;

    constructor(readonly root: string, readonly maxRuns = MAX_HISTORY_RUNS) {
        this.file = path.join(root, HISTORY_FILE);
    }

    async read(): Promise<GateRunResult[]> {
        try {
            const parsed = JSON.parse(await fs.readFile(this.file, 'utf8')) as Partial<HistoryFile>;
            return Array.isArray(parsed.runs) ? parsed.runs : [];
        } catch {
            return []; // missing, or damaged by hand: start over
        }
    }

    add(run: GateRunResult): Promise<void> {
        const previous = writeQueues.get(this.file) ?? Promise.resolve();
        const next = previous.catch(() => undefined).then(async () => {
            const runs = [compact(run), ...(await this.read()).filter(existing => existing.id !== run.id)].slice(0, this.maxRuns);
            await fs.mkdir(path.dirname(this.file), { recursive: true });
            await writeFileAtomically(this.file, JSON.stringify({ version: 1, runs } satisfies HistoryFile, undefined, 1) + '\n');
        });
        writeQueues.set(this.file, next);
        next.finally(() => {
            if (writeQueues.get(this.file) === next) {
                writeQueues.delete(this.file);
            }
        }).catch(() => undefined);
        return next;
    }
}

function compact(run: GateRunResult): GateRunResult {
    return { ...run, gates: run.gates.map(gate => ({ ...gate, log: boundedLog(gate.log, MAX_HISTORY_LOG_CHARS) })) };
}
