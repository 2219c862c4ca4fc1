import * as fs from 'fs';
import * as path from 'path';
import { classifySource, isWalkedFolder, SOURCE_FOLDERS } from './workspace-sources';

export interface SourceWatcherOptions {
    /** Quiet time after the last event before `onChange` is called. */
    debounceMs?: number;
    /** Most folders watched at once (each is one inotify watch). */
    maxFolders?: number;
}

/**
 * Watches where sources live — the root (non-recursively), `.ide/memory`, and every folder of the
 * doc trees — with one non-recursive `fs.watch` per folder, so 10 000 entry files cost one watch.
 * Parents are watched too, so folders created or removed later are noticed. After a quiet
 * `debounceMs` it reports the changed paths (relative, `/`-separated; a folder stands for all in it).
 */
export class SourceWatcher {
    private readonly watchers = new Map<string, fs.FSWatcher>();
    private pending = new Set<string>();
    private timer: NodeJS.Timeout | undefined;
    private closed = false;
    private readonly debounceMs: number;
    private readonly maxFolders: number;

    constructor(
        private readonly root: string,
        private readonly onChange: (paths: string[]) => void,
        options: SourceWatcherOptions = {}
    ) {
        this.debounceMs = options.debounceMs ?? 100;
        this.maxFolders = options.maxFolders ?? 2000;
    }

    /** Starts (or re-arms) the watches for the folders that exist now. */
    arm(): void {
        if (this.closed) {
            return;
        }
        const wanted = this.foldersToWatch();
        for (const [folder, watcher] of this.watchers) {
            if (!wanted.has(folder)) {
                watcher.close();
                this.watchers.delete(folder);
            }
        }
        for (const folder of wanted) {
            if (!this.watchers.has(folder)) {
                this.watch(folder);
            }
        }
    }

    /** Folders currently watched, relative ('' is the root); for tests and diagnostics. */
    watchedFolders(): string[] {
        return [...this.watchers.keys()].sort();
    }

    close(): void {
        this.closed = true;
        clearTimeout(this.timer);
        this.watchers.forEach(watcher => watcher.close());
        this.watchers.clear();
    }

    private watch(folder: string): void {
        try {
            const watcher = fs.watch(path.join(this.root, folder), { persistent: false }, (_event, name) => {
                this.changed(name === null ? folder : folder ? `${folder}/${name}` : String(name));
            });
            watcher.on('error', () => {
                watcher.close();
                this.watchers.delete(folder);
                this.changed(folder);
            });
            this.watchers.set(folder, watcher);
        } catch {
            // Gone between listing and watching: its parent's watch reports that.
        }
    }

    private changed(relative: string): void {
        if (this.closed || !(classifySource(relative) || isWalkedFolder(relative))) {
            return;
        }
        this.pending.add(relative);
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.flush(), this.debounceMs);
    }

    private flush(): void {
        const paths = [...this.pending];
        this.pending = new Set();
        this.arm();
        this.onChange(paths);
    }

    /** The root, each source folder that exists (with its sub-folders when recursive), and their existing parents. */
    private foldersToWatch(): Set<string> {
        const folders = new Set<string>(['']);
        for (const source of SOURCE_FOLDERS) {
            const segments = source.folder.split('/');
            for (let depth = 1; depth <= segments.length; depth++) {
                const folder = segments.slice(0, depth).join('/');
                if (!isDirectory(path.join(this.root, folder))) {
                    break;
                }
                if (depth < segments.length || !source.recursive) {
                    folders.add(folder);
                } else {
                    this.addTree(folder, folders);
                }
            }
        }
        return folders;
    }

    private addTree(folder: string, into: Set<string>): void {
        if (into.size >= this.maxFolders) {
            return;
        }
        into.add(folder);
        let children: fs.Dirent[] = [];
        try {
            children = fs.readdirSync(path.join(this.root, folder), { withFileTypes: true });
        } catch {
            return;
        }
        for (const child of children) {
            const relative = `${folder}/${child.name}`;
            if (child.isDirectory() && isWalkedFolder(relative)) {
                this.addTree(relative, into);
            }
        }
    }
}

function isDirectory(file: string): boolean {
    try {
        return fs.lstatSync(file).isDirectory();
    } catch {
        return false;
    }
}
