/*
 * For the race tests: `node symlink-swapper.js <spec>...` swaps entries for symlinks, round and
 * round, until it is killed. It prints "ready" once it has begun. Each spec is one of
 *   dir:<path>:<target>        a real directory, moved aside while a symlink to target stands in its place
 *   file:<path>:<target>       a regular file, replaced by a symlink to target and back
 *   link:<path>:<a>:<b>        a symlink that points to a, then b
 * Every swap is a rename onto the path; nothing here ever goes through a path it swaps.
 */
import * as fs from 'fs';

function attempt(step: () => void): void {
    try {
        step();
    } catch {
        // the tools under test move things too; the next round tries again
    }
}

function putSymlink(file: string, target: string): void {
    attempt(() => {
        fs.symlinkSync(target, `${file}.link`);
        fs.renameSync(`${file}.link`, file);
    });
    attempt(() => fs.unlinkSync(`${file}.link`));
}

function swapDirectory(directory: string, target: string): void {
    attempt(() => fs.renameSync(directory, `${directory}.away`));
    putSymlink(directory, target);
    attempt(() => {
        if (fs.lstatSync(directory).isSymbolicLink()) {
            fs.unlinkSync(directory);
        }
    });
    attempt(() => {
        if (fs.existsSync(`${directory}.away`) && fs.lstatSync(directory, { throwIfNoEntry: false })?.isDirectory()) {
            fs.rmSync(directory, { recursive: true }); // a tool made it again meanwhile
        }
    });
    attempt(() => fs.renameSync(`${directory}.away`, directory));
}

function swapFile(file: string, target: string): void {
    putSymlink(file, target);
    attempt(() => {
        fs.writeFileSync(`${file}.new`, 'inside\n');
        fs.renameSync(`${file}.new`, file);
    });
}

const swaps = process.argv.slice(2).map(spec => {
    const [kind, file, a, b] = spec.split(':');
    switch (kind) {
        case 'dir': return () => swapDirectory(file, a);
        case 'file': return () => swapFile(file, a);
        case 'link': return () => { putSymlink(file, a); putSymlink(file, b); };
        default: throw new Error(`unknown swap ${spec}`);
    }
});
process.stdout.write('ready\n');
for (;;) {
    swaps.forEach(swap => swap());
}
