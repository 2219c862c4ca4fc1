import * as React from '@theia/core/shared/react';
import { inject, injectable, postConstruct } from '@theia/core/shared/inversify';
import { codicon } from '@theia/core/lib/browser/widgets/widget';
import { ReactWidget } from '@theia/core/lib/browser/widgets/react-widget';
import { ConfirmDialog } from '@theia/core/lib/browser/dialogs';
import { Message } from '@theia/core/shared/@lumino/messaging';
import { MessageService } from '@theia/core/lib/common/message-service';
import URI from '@theia/core/lib/common/uri';
import { EditorManager } from '@theia/editor/lib/browser/editor-manager';
import { WorkspaceService } from '@theia/workspace/lib/browser/workspace-service';
import { MemoryService } from '../common/memory-protocol';
import {
    MemoryEntry, MemoryProblem, MemorySearchHit, MemorySearchResults, NewMemoryEntry, SEARCH_HIT_KINDS, SearchHitKind
} from '../common/memory-types';
import { MemoryChangeNotifier } from './memory-change-notifier';
import { MemoryEntryForm } from './memory-entry-form';
import { MemoryHitItem } from './memory-hit-item';

const SEARCH_DELAY_MS = 120;

type FormState = { mode: 'add' } | { mode: 'edit'; entry: MemoryEntry };

/** The Memory view: search-as-you-type over entries and docs, filters, an entry form, and unreadable files. */
@injectable()
export class MemoryWidget extends ReactWidget {
    static readonly ID = 'memory-view';
    static readonly LABEL = 'Memory';

    @inject(MemoryService) protected readonly memory!: MemoryService;
    @inject(MemoryChangeNotifier) protected readonly changes!: MemoryChangeNotifier;
    @inject(EditorManager) protected readonly editorManager!: EditorManager;
    @inject(WorkspaceService) protected readonly workspaceService!: WorkspaceService;
    @inject(MessageService) protected readonly messages!: MessageService;

    protected query = '';
    protected kind: SearchHitKind | '' = '';
    protected tag = '';
    protected results: MemorySearchResults | undefined;
    protected searchError: string | undefined;
    protected problems: MemoryProblem[] = [];
    protected form: FormState | undefined;
    protected formKey = 0;
    protected searchTimer: number | undefined;
    /** Answers to older searches that arrive late are dropped. */
    protected searchGeneration = 0;
    protected readonly searchInput = React.createRef<HTMLInputElement>();

    @postConstruct()
    protected init(): void {
        this.id = MemoryWidget.ID;
        this.title.label = MemoryWidget.LABEL;
        this.title.caption = 'Project memory: decisions, notes, facts, conventions and docs';
        this.title.iconClass = codicon('library');
        this.title.closable = true;
        this.addClass('theia-memory-view');
        this.node.tabIndex = 0;
        this.toDispose.push(this.changes.onDidChange(() => this.refresh()));
        this.refresh();
    }

    /** Focuses the search box, optionally with a query. */
    focusSearch(query?: string): void {
        if (query !== undefined) {
            this.setQuery(query);
        }
        this.searchInput.current?.focus();
        this.searchInput.current?.select();
    }

    startAdd(): void {
        this.form = { mode: 'add' };
        this.formKey++;
        this.update();
    }

    protected override onActivateRequest(message: Message): void {
        super.onActivateRequest(message);
        if (!this.form) {
            this.searchInput.current?.focus();
        }
    }

    protected refresh(): void {
        this.search();
        this.memory.problems().then(problems => {
            this.problems = problems;
            this.update();
        }, error => console.error('memory: could not read the problems', error));
    }

    protected setQuery(query: string): void {
        this.query = query;
        this.update();
        window.clearTimeout(this.searchTimer);
        this.searchTimer = window.setTimeout(() => this.search(), SEARCH_DELAY_MS);
    }

    protected async search(): Promise<void> {
        const generation = ++this.searchGeneration;
        const tags = this.tag.trim() ? this.tag.trim().split(/[\s,]+/) : undefined;
        try {
            const results = await this.memory.search({ query: this.query, kinds: this.kind ? [this.kind] : undefined, tags });
            if (generation === this.searchGeneration) {
                this.results = results;
                this.searchError = undefined;
                this.update();
            }
        } catch (error) {
            if (generation === this.searchGeneration) {
                this.searchError = error instanceof Error ? error.message : String(error);
                this.update();
            }
        }
    }

    protected async save(values: NewMemoryEntry): Promise<void> {
        const form = this.form;
        if (form?.mode === 'edit') {
            await this.memory.update(form.entry.id, values);
        } else {
            await this.memory.add(values);
        }
        this.form = undefined;
        this.update();
        this.refresh();
    }

    protected async edit(hit: MemorySearchHit): Promise<void> {
        try {
            this.form = { mode: 'edit', entry: await this.memory.get(hit.id) };
            this.formKey++;
            this.update();
        } catch (error) {
            this.messages.error(error instanceof Error ? error.message : String(error));
        }
    }

    protected async delete(hit: MemorySearchHit): Promise<void> {
        const confirmed = await new ConfirmDialog({
            title: 'Delete Memory Entry',
            msg: `Delete "${hit.title}"? Its file ${hit.path} is removed.`,
            ok: 'Delete',
            cancel: 'Cancel'
        }).open();
        if (!confirmed) {
            return;
        }
        try {
            await this.memory.delete(hit.id);
            if (this.form?.mode === 'edit' && this.form.entry.id === hit.id) {
                this.form = undefined;
            }
            this.refresh();
        } catch (error) {
            this.messages.error(error instanceof Error ? error.message : String(error));
        }
    }

    protected async open(relativePath: string, line: number): Promise<void> {
        try {
            const root = this.workspaceService.tryGetRoots()[0]?.resource ?? URI.fromFilePath(await this.memory.workspaceRoot());
            const position = { line: Math.max(0, line - 1), character: 0 };
            await this.editorManager.open(root.resolve(relativePath), { selection: { start: position, end: position }, mode: 'activate' });
        } catch (error) {
            this.messages.error(`Cannot open ${relativePath}: ${error instanceof Error ? error.message : String(error)}`);
        }
    }

    protected render(): React.ReactNode {
        return <div className='memory-view'>
            {this.renderToolbar()}
            {this.form && <MemoryEntryForm key={this.formKey} entry={this.form.mode === 'edit' ? this.form.entry : undefined}
                onSave={values => this.save(values)} onCancel={() => { this.form = undefined; this.update(); }} />}
            {this.renderProblems()}
            {this.renderResults()}
        </div>;
    }

    protected renderToolbar(): React.ReactNode {
        return <div className='memory-toolbar'>
            <input ref={this.searchInput} type='search' className='theia-input memory-search-input' aria-label='Search memory'
                placeholder='Search memory and docs' value={this.query} spellCheck={false}
                onChange={event => this.setQuery(event.target.value)} />
            <div className='memory-filters'>
                <select className='theia-select' aria-label='Filter by kind' value={this.kind}
                    onChange={event => { this.kind = event.target.value as SearchHitKind | ''; this.search(); }}>
                    <option value=''>All kinds</option>
                    {SEARCH_HIT_KINDS.map(kind => <option key={kind} value={kind}>{kind === 'doc' ? 'docs' : kind}</option>)}
                </select>
                <input className='theia-input memory-tag-filter' aria-label='Filter by tag' placeholder='tag' value={this.tag}
                    spellCheck={false} onChange={event => { this.tag = event.target.value; this.setQuery(this.query); }} />
                <button type='button' className='theia-button memory-add-button' title='Add a memory entry'
                    onClick={() => this.startAdd()}>Add Entry</button>
            </div>
        </div>;
    }

    protected renderProblems(): React.ReactNode {
        if (this.problems.length === 0) {
            return undefined;
        }
        return <section className='memory-problems' aria-label='Memory problems'>
            <div className='memory-problems-heading'>
                <span className={codicon('warning')} /> {this.problems.length} file{this.problems.length === 1 ? '' : 's'} could not be read and {this.problems.length === 1 ? 'is' : 'are'} skipped
            </div>
            <ul>
                {this.problems.map(problem => <li key={problem.file}>
                    <a href='#' onClick={event => { event.preventDefault(); this.open(problem.file, 1); }}>{problem.file}</a>: {problem.reason}
                </li>)}
            </ul>
        </section>;
    }

    protected renderResults(): React.ReactNode {
        if (this.searchError) {
            return <div className='memory-search-error' role='alert'>{this.searchError}</div>;
        }
        if (!this.results) {
            return <div className='memory-summary' role='status'>Indexing…</div>;
        }
        const { hits, total } = this.results;
        const summary = total === 0
            ? (this.query.trim() ? 'No results.' : 'No memory entries yet. Add one to record a decision, note, fact or convention.')
            : `${hits.length < total ? `${hits.length} of ${total}` : total} result${total === 1 ? '' : 's'}`;
        return <>
            <div className='memory-summary' role='status'>{summary}</div>
            <ul className='memory-results' aria-label='Memory search results'>
                {hits.map(hit => <MemoryHitItem key={`${hit.kind}:${hit.id}`} hit={hit}
                    onOpen={(path, line) => this.open(path, line)} onEdit={item => this.edit(item)} onDelete={item => this.delete(item)} />)}
            </ul>
        </>;
    }
}
