import * as React from '@theia/core/shared/react';
import { MEMORY_KINDS, MemoryEntry, MemoryKind, MemoryLink, NewMemoryEntry } from '../common/memory-types';

export interface MemoryEntryFormProps {
    /** The entry to edit; a new entry when missing. */
    entry?: MemoryEntry;
    /** Rejects with an Error whose message the form shows. */
    onSave(values: NewMemoryEntry): Promise<void>;
    onCancel(): void;
}

/** Tags as typed: `a, b c` → [a, b, c]; the backend says which are invalid. */
export function parseTags(text: string): string[] {
    return text.split(/[\s,]+/).filter(Boolean);
}

/** One link a line: `path` or `path:line`. */
export function parseLinks(text: string): MemoryLink[] {
    return text.split('\n').map(line => line.trim()).filter(Boolean).map(line => {
        const match = /^(.*):(\d+)$/.exec(line);
        return match ? { path: match[1], line: Number(match[2]) } : { path: line };
    });
}

function formatLinks(links: MemoryLink[]): string {
    return links.map(link => link.line === undefined ? link.path : `${link.path}:${link.line}`).join('\n');
}

export function MemoryEntryForm({ entry, onSave, onCancel }: MemoryEntryFormProps): React.ReactElement {
    const [kind, setKind] = React.useState<MemoryKind>(entry?.kind ?? 'note');
    const [title, setTitle] = React.useState(entry?.title ?? '');
    const [tags, setTags] = React.useState(entry?.tags.join(', ') ?? '');
    const [links, setLinks] = React.useState(formatLinks(entry?.links ?? []));
    const [body, setBody] = React.useState(entry?.body ?? '');
    const [error, setError] = React.useState<string | undefined>();
    const [saving, setSaving] = React.useState(false);
    const titleInput = React.useRef<HTMLInputElement>(null);
    React.useEffect(() => titleInput.current?.focus(), []);

    const submit = async (event: React.FormEvent) => {
        event.preventDefault();
        setSaving(true);
        setError(undefined);
        try {
            await onSave({ kind, title, body, tags: parseTags(tags), links: parseLinks(links) });
        } catch (failure) {
            setError(failure instanceof Error ? failure.message : String(failure));
            setSaving(false);
        }
    };

    const heading = entry ? `Edit ${entry.id}` : 'New memory entry';
    return <form className='memory-form' aria-label={heading} onSubmit={submit}
        onKeyDown={event => event.key === 'Escape' && onCancel()}>
        <div className='memory-form-heading'>{heading}</div>
        <label className='memory-form-field'>
            <span>Kind</span>
            <select className='theia-select' aria-label='Kind' value={kind} onChange={event => setKind(event.target.value as MemoryKind)}>
                {MEMORY_KINDS.map(option => <option key={option} value={option}>{option}</option>)}
            </select>
        </label>
        <label className='memory-form-field'>
            <span>Title</span>
            <input ref={titleInput} className='theia-input' aria-label='Title' value={title} maxLength={400}
                onChange={event => setTitle(event.target.value)} />
        </label>
        <label className='memory-form-field'>
            <span>Tags</span>
            <input className='theia-input' aria-label='Tags' placeholder='e.g. storage, scaling' value={tags}
                onChange={event => setTags(event.target.value)} />
        </label>
        <label className='memory-form-field'>
            <span>Links</span>
            <textarea className='theia-input' aria-label='Links' rows={2} placeholder='one per line: path or path:line' value={links}
                onChange={event => setLinks(event.target.value)} />
        </label>
        <label className='memory-form-field'>
            <span>Body (Markdown)</span>
            <textarea className='theia-input' aria-label='Body' rows={8} value={body} onChange={event => setBody(event.target.value)} />
        </label>
        {error && <div className='memory-form-error' role='alert'>{error}</div>}
        <div className='memory-form-buttons'>
            <button type='submit' className='theia-button main' disabled={saving}>{saving ? 'Saving…' : 'Save'}</button>
            <button type='button' className='theia-button secondary' onClick={onCancel}>Cancel</button>
        </div>
    </form>;
}
