import * as React from '@theia/core/shared/react';
import { splitHighlights } from '../common/memory-highlight';

/** Renders `a «b» c` with the marked parts in <mark>. */
export function HighlightedText({ marked }: { marked: string }): React.ReactElement {
    return <>{splitHighlights(marked).map((part, index) => part.highlighted ? <mark key={index}>{part.text}</mark> : part.text)}</>;
}
