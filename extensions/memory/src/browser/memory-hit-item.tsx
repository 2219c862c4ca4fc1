import * as React from '@theia/core/shared/react';
import { MemoryLink, MemorySearchHit } from '../common/memory-types';
import { HighlightedText } from './highlighted-text';

export interface MemoryHitItemProps {
    hit: MemorySearchHit;
    onOpen(path: string, line: number): void;
    onEdit(hit: MemorySearchHit): void;
    onDelete(hit: MemorySearchHit): void;
}

function linkText(link: MemoryLink): string {
    return link.line === undefined ? link.path : `${link.path}:${link.line}`;
}

export function MemoryHitItem({ hit, onOpen, onEdit, onDelete }: MemoryHitItemProps): React.ReactElement {
    const isDoc = hit.kind === 'doc';
    const where = isDoc ? `${hit.path}:${hit.line}` : hit.path;
    return <li className='memory-hit' data-kind={hit.kind} data-id={hit.id} aria-label={`${hit.kind}: ${hit.title}`}>
        <div className='memory-hit-header'>
            <span className={`memory-kind-badge memory-kind-${hit.kind}`}>{hit.kind}</span>
            <a className='memory-hit-title' href='#' title={`Open ${where}`}
                onClick={event => { event.preventDefault(); onOpen(hit.path, hit.line); }}>
                <HighlightedText marked={hit.highlightedTitle} />
            </a>
            {hit.score > 0 && <span className='memory-hit-score' title='Relevance (BM25)'>{hit.score.toFixed(2)}</span>}
        </div>
        {isDoc && <div className='memory-hit-where'>{where}</div>}
        {hit.snippet && <div className='memory-hit-snippet'><HighlightedText marked={hit.snippet} /></div>}
        {(hit.tags.length > 0 || (hit.links ?? []).length > 0) && <div className='memory-hit-meta'>
            {hit.tags.map(tag => <span key={tag} className='memory-tag'>#{tag}</span>)}
            {(hit.links ?? []).map(link => <a key={linkText(link)} href='#' className='memory-link' title={`Open ${linkText(link)}`}
                onClick={event => { event.preventDefault(); onOpen(link.path, link.line ?? 1); }}>
                <span className='codicon codicon-file' /> {linkText(link)}
            </a>)}
        </div>}
        {!isDoc && <div className='memory-hit-actions'>
            {hit.author && <span className='memory-hit-author'>{hit.author.name} ({hit.author.kind})</span>}
            <button type='button' className='theia-button secondary memory-hit-button' aria-label={`Edit ${hit.title}`} onClick={() => onEdit(hit)}>Edit</button>
            <button type='button' className='theia-button secondary memory-hit-button' aria-label={`Delete ${hit.title}`} onClick={() => onDelete(hit)}>Delete</button>
        </div>}
    </li>;
}
