// Adds up the node:test TAP files and Playwright's JSON report into one closing line.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.tmp';
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of readdirSync(dir).filter(name => name.endsWith('.tap'))) {
    const tap = readFileSync(join(dir, file), 'utf8');
    const count = name => Number(tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
    passed += count('pass');
    failed += count('fail') + count('cancelled');
    skipped += count('skipped');
}
const e2e = join(dir, 'e2e.json');
if (existsSync(e2e)) {
    const { stats } = JSON.parse(readFileSync(e2e, 'utf8'));
    passed += stats.expected + stats.flaky;
    failed += stats.unexpected;
    skipped += stats.skipped;
} else {
    failed += 1;
    console.log('e2e: no report was written');
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
