import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import type { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { MemoryIndex } from '@ide/memory/lib/node/memory-index.js';
import type { MemoryEntry } from '@ide/memory/lib/common/memory-types.js';
import { scanSecrets } from '@ide/quality-gates/lib/node/secret-scan.js';
import { tempDir } from '../test/helpers.js';
import { median, ms, percentile, report } from './report.js';

const WORDS = ('deploy database cache queue retry timeout index schema migration token session ledger invoice payment ' +
    'webhook tenant quota backup restore replica shard latency throughput cursor batch stream parser lexer compiler ' +
    'bundle module plugin widget editor terminal sandbox gateway proxy socket container volume network policy profile').split(' ');

/** A deterministic pseudo-random generator, so every run indexes the same text. */
function words(seed: number, count: number): string {
    let state = seed;
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
        state = (state * 1103515245 + 12345) % 2 ** 31;
        out.push(WORDS[state % WORDS.length]);
    }
    return out.join(' ');
}

/** Project memory: build an index of 10 000 entries, then search it. */
export function memorySearchFigures(): void {
    const entries: MemoryEntry[] = Array.from({ length: 10_000 }, (_, i) => ({
        id: `entry-${i}`, kind: (['decision', 'note', 'fact', 'convention'] as const)[i % 4],
        title: words(i, 6), body: words(i + 77_777, 120), tags: [WORDS[i % WORDS.length]],
        author: { kind: 'human', name: 'bench' }, created: '2026-01-01T00:00:00.000Z', updated: '2026-01-01T00:00:00.000Z', links: []
    }));
    const began = performance.now();
    const index = new MemoryIndex();
    index.setEntries(entries);
    const buildMs = performance.now() - began;
    const queries = Array.from({ length: 600 }, (_, i) => i % 3 === 0 ? words(i, 1).slice(0, 4) : words(i * 31, 2));
    let matched = 0;
    const times = queries.map(query => {
        const start = performance.now();
        matched += index.search({ query, limit: 20 }).total;
        return performance.now() - start;
    });
    // The baseline: MiniSearch itself over the same text, queried the same way (prefix, AND). Built and queried after
    // ours, not interleaved: its garbage (a result object per match) makes 8-10 ms scavenges that would land in our figures.
    const direct = new MiniSearch<MemoryEntry>({ fields: ['title', 'tags', 'body'], extractField: (entry, field) => field === 'tags' ? entry.tags.join(' ') : (entry as unknown as Record<string, string>)[field] });
    direct.addAll(entries);
    const directTimes = queries.map(query => {
        const start = performance.now();
        direct.search(query, { prefix: true, combineWith: 'AND' });
        return performance.now() - start;
    });
    const p = (values: number[]) => `${percentile(values, 0.5).toFixed(1)} / ${percentile(values, 0.99).toFixed(1)} ms`;
    report('memory index build, 10 000 entries', ms(buildMs), '(BM25+ over title/tags/body, 120-word bodies)');
    report('memory search p50 / p99', p(times), `(${queries.length} queries: one- and two-word, prefixes; ${Math.round(matched / queries.length)} entries match a query on average)`);
    report('  direct MiniSearch query p50 / p99', p(directTimes), `(baseline; ours / direct at p50: ${(percentile(times, 0.5) / percentile(directTimes, 0.5)).toFixed(2)}×)`);
}

/** The built-in secret scan over a 50 MB tree of source-like files with a few planted keys. */
export async function secretScanFigure(): Promise<void> {
    const root = await tempDir('secret-scan');
    const line = 'export const value = computeSomething(alpha, beta, gamma); // ordinary code, nothing secret here\n';
    const file = line.repeat(Math.ceil(100_000 / line.length));
    for (let i = 0; i < 500; i++) {
        const dir = join(root, `src/module-${i % 25}`);
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, `file-${i}.ts`), i % 100 === 0 ? `${file}const key = '${'AKIA' + '2E0A8F3B244C9986'}';\n` : file);
    }
    const bytes = 500 * file.length;
    const began = performance.now();
    const result = await scanSecrets(root);
    const seconds = (performance.now() - began) / 1000;
    report('secret scan throughput', `${(bytes / 1e6 / seconds).toFixed(1)} MB/s`, `(${(bytes / 1e6).toFixed(0)} MB in 500 files, ${seconds.toFixed(1)} s, ${result.findings.length} planted keys found)`);
}

/** The gate suite of a small project, run inside its sandbox through MCP. */
export async function gateSuiteFigure(agent: McpClient): Promise<void> {
    const files: Record<string, string> = {
        'README.md': '# Sample\n',
        'src/app.sh': '#!/bin/bash\necho app\n',
        'test/app.test.sh': '#!/bin/bash\n[ "$(bash src/app.sh)" = app ]\n',
        '.ide/gates.json': JSON.stringify({ gates: [
            { name: 'build', kind: 'command', command: 'bash -n src/app.sh' },
            { name: 'lint', kind: 'command', command: '! grep -rn TODO src' },
            { name: 'test', kind: 'command', command: 'bash test/app.test.sh' }
        ] })
    };
    for (const [path, content] of Object.entries(files)) {
        await agent.callTool({ name: 'write_file', arguments: { path, content } });
    }
    const times: number[] = [];
    let gates = 0;
    for (let i = 0; i < 3; i++) {
        const began = performance.now();
        const result = await agent.callTool({ name: 'run_quality_gates', arguments: {} }, undefined, { timeout: 120_000 }) as CallToolResult;
        times.push(performance.now() - began);
        gates = ((result.structuredContent as { gates?: unknown[] } | undefined)?.gates ?? []).length;
    }
    report('gate suite wall time', ms(median(times)), `(${gates} gates: 3 commands, secret scan, tests-not-deleted; in the sandbox, via MCP)`);
}
