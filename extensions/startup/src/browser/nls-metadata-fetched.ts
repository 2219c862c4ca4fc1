import { injectable } from '@theia/core/shared/inversify';
import { nls } from '@theia/core/lib/common/nls';
import { I18nPreloadContribution } from '@theia/core/lib/browser/preload/i18n-preload-contribution';

/**
 * What `@theia/core`'s nls.metadata.json is in the frontend bundle (browser-app/esbuild.mjs): empty tables and the
 * URL of the file beside the bundle. The file (1.9 of the bundle's 14.7 MB) maps VS Code's English messages to their
 * keys; Theia reads it only to translate (`nls.localizeByDefault` with a language pack or text replacements).
 */
export interface NlsMetadataInBundle {
    keys: Record<string, string[]>;
    messages: Record<string, string[]>;
    /** Relative to the bundle's own URL; absent where the real file was required (unbundled code, tests). */
    fetchFrom?: string;
}

/** Theia's i18n preload, then, when the page translates, the metadata fetched before any frontend module can ask for it. */
@injectable()
export class I18nPreloadFetchingNlsMetadata extends I18nPreloadContribution {
    override async initialize(): Promise<void> {
        await super.initialize();
        if (nls.localization) {
            // A literal path, so that the bundler finds it and gives the same stand-in as Theia's nls.js gets.
            await fetchNlsMetadata(require('@theia/core/src/common/i18n/nls.metadata.json'), bundleUrl());
        }
    }
}

export async function fetchNlsMetadata(metadata: NlsMetadataInBundle, base: string, fetchFile: typeof fetch = fetch): Promise<void> {
    if (!metadata.fetchFrom) {
        return;
    }
    const url = new URL(metadata.fetchFrom, base);
    const response = await fetchFile(url);
    if (!response.ok) {
        throw new Error(`${url}: ${response.status}`);
    }
    const { keys, messages } = await response.json() as NlsMetadataInBundle;
    Object.assign(metadata.keys, keys);
    Object.assign(metadata.messages, messages);
    delete metadata.fetchFrom;
}

function bundleUrl(): string {
    const script = Array.from(document.scripts).find(element => /\/bundle\.js(\?|$)/.test(element.src));
    return script?.src ?? document.baseURI;
}
