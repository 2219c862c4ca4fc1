import { Disposable } from '@theia/core';
import { injectable } from '@theia/core/shared/inversify';
import { GrammarDefinition, GrammarDefinitionProvider, TextmateRegistry } from '@theia/monaco/lib/browser/textmate/textmate-registry';
import { isGrammarFetchedWhenUsed } from '../common/grammar-fetched-when-used';

/**
 * Theia's registry of TextMate grammars, for grammars whose content the plugins' metadata left out
 * (node/grammars-read-when-used.ts): such a grammar is fetched from the workspace's backend when the
 * tokenizer first asks for it, once per page; a failed fetch is tried again the next time it is asked for.
 */
@injectable()
export class TextmateRegistryFetchingGrammars extends TextmateRegistry {
    private readonly fetched = new Map<string, Promise<string>>();

    /** How a grammar's file is fetched; the page's own fetch, relative to the page. */
    protected fetchText = async (url: string): Promise<string> => {
        const response = await fetch(new URL(url, document.baseURI), { credentials: 'same-origin' });
        if (!response.ok) {
            throw new Error(`could not fetch the grammar ${url}: HTTP ${response.status}`);
        }
        return response.text();
    };

    override registerTextmateGrammarScope(scope: string, provider: GrammarDefinitionProvider): Disposable {
        const fetching: GrammarDefinitionProvider = {
            getGrammarDefinition: async () => this.withContent(await provider.getGrammarDefinition()),
            ...provider.getInjections ? { getInjections: (scopeName: string) => provider.getInjections!(scopeName) } : {}
        };
        return super.registerTextmateGrammarScope(scope, fetching);
    }

    private async withContent(definition: GrammarDefinition): Promise<GrammarDefinition> {
        if (!isGrammarFetchedWhenUsed(definition.content)) {
            return definition;
        }
        const url = definition.content.fetchGrammarFrom;
        let content = this.fetched.get(url);
        if (!content) {
            content = this.fetchText(url);
            this.fetched.set(url, content);
            content.catch(() => this.fetched.delete(url));
        }
        return { ...definition, content: await content };
    }
}
