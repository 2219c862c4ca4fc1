import { injectable } from '@theia/core/shared/inversify';
import { MonacoTextmateService } from '@theia/monaco/lib/browser/textmate/monaco-textmate-service';
import { linesTokenizedAgainWhenCut } from './lines-tokenized-again-when-cut';

/** Theia's TextMate service, with grammars whose lines cut by the time limit are tokenized once more. */
@injectable()
export class TextmateLinesTokenizedAgain extends MonacoTextmateService {
    override initialize(): void {
        super.initialize();
        if (!this.grammarRegistry) {
            return; // no WebAssembly, no TextMate
        }
        // The languages activated above read the registry only once the oniguruma library has loaded, after this.
        const registry = this.grammarRegistry;
        this.grammarRegistry = new Proxy(registry, {
            get: (target, property) => property === 'loadGrammarWithConfiguration'
                ? async (...args: Parameters<typeof registry.loadGrammarWithConfiguration>) => {
                    const grammar = await target.loadGrammarWithConfiguration(...args);
                    return grammar && linesTokenizedAgainWhenCut(grammar);
                }
                : Reflect.get(target, property, target)
        });
    }
}
