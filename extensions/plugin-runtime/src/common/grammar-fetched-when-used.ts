/**
 * What the plugins' metadata carries in place of a TextMate grammar's content: where the page fetches it,
 * the first time a file of its language is opened. Theia puts every grammar of every plugin into that
 * metadata, which the backend sends over the page's one WebSocket on every load (2 MB for the built-in
 * languages), ahead of the replies the workbench waits for.
 */
export interface GrammarFetchedWhenUsed {
    /** Relative to the page: the plugin's file as Theia's backend serves it (`hostedPlugin/<plugin id>/<path>`). */
    readonly fetchGrammarFrom: string;
}

export function isGrammarFetchedWhenUsed(content: unknown): content is GrammarFetchedWhenUsed {
    return typeof content === 'object' && content !== null && typeof (content as GrammarFetchedWhenUsed).fetchGrammarFrom === 'string';
}
