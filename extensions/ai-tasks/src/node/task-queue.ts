import { TaskBook } from './task-book';
import { TaskRuntime } from './task-runtime';

/** Starts queued tasks, oldest first, while fewer than `maxConcurrent` run; each ended piece of work may start the next. */
export class TaskQueue {
    constructor(protected readonly book: TaskBook, protected readonly maxConcurrent: number, protected readonly start: (task: TaskRuntime) => Promise<void>) { }

    pump(): void {
        const tasks = this.book.all();
        const running = tasks.filter(task => task.detail.status === 'running').length;
        const queued = tasks.filter(task => task.detail.status === 'queued')
            .sort((a, b) => a.detail.createdAt.localeCompare(b.detail.createdAt));
        for (const task of queued.slice(0, Math.max(0, this.maxConcurrent - running))) {
            this.book.setStatus(task, 'running');
            task.detail.startedAt = new Date().toISOString();
            this.track(task, this.start(task));
        }
    }

    /** The task's work in the background; when it ends, queued tasks may start. */
    track(task: TaskRuntime, work: Promise<void>): void {
        const tracked = work.catch(error => console.error(`[ai-tasks] task ${task.detail.id} failed`, error)).finally(() => {
            if (task.work === tracked) {
                task.work = undefined;
            }
            this.pump();
        });
        task.work = tracked;
    }
}
