import SERVERS from '../servers.json';

/**
 * One language server shipped in this extension's node_modules and run on the IDE runtime's Node. The list is
 * data (servers.json), so the build's test can start every server the extension would.
 */
export interface LanguageServerDefinition {
    id: string;
    name: string;
    /** Document languages the server handles; it starts when the first such document opens. */
    languages: string[];
    /** The server's entry script, relative to this extension's folder. */
    module: string;
    args?: string[];
    initializationOptions?: object;
    /** Pushed with workspace/didChangeConfiguration after start, for servers that only read pushed settings. */
    pushedSettings?: object;
    /**
     * Answers to the server's workspace/configuration requests for sections the IDE has no value for: the YAML
     * server's schema store is a download, and the CSS server fails on a missing section.
     */
    defaultSettings?: Record<string, unknown>;
}

export const LANGUAGE_SERVERS: LanguageServerDefinition[] = SERVERS;
