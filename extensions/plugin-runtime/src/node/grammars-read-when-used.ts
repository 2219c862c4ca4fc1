import * as path from 'path';
import * as fs from 'fs/promises';
import { injectable } from '@theia/core/shared/inversify';
import { getPluginId, GrammarsContribution, PluginPackageGrammarsContribution } from '@theia/plugin-ext/lib/common/plugin-protocol';
import { GrammarsReader } from '@theia/plugin-ext/lib/hosted/node/scanners/grammars-reader';
import { GrammarFetchedWhenUsed } from '../common/grammar-fetched-when-used';

/**
 * A plugin's grammars as Theia reads them (each file still read and parsed, so a broken one fails the scan
 * as before), with each grammar's content replaced by where the page fetches it when a file of its language opens.
 */
@injectable()
export class GrammarsReadWhenUsed extends GrammarsReader {
    override async readGrammars(rawGrammars: PluginPackageGrammarsContribution[], pluginPath: string): Promise<GrammarsContribution[]> {
        const grammars = await super.readGrammars(rawGrammars, pluginPath);
        const manifest = JSON.parse(await fs.readFile(path.join(pluginPath, 'package.json'), 'utf8')) as { publisher?: string; name: string };
        // Theia's backend serves a plugin's files under the id it registered the plugin with (HostedPluginReader).
        const pluginId = getPluginId({ publisher: manifest.publisher, name: manifest.name } as Parameters<typeof getPluginId>[0]);
        return grammars.map(grammar => grammar.grammarLocation === undefined ? grammar : { ...grammar, grammar: fetchedFrom(pluginId, grammar.grammarLocation) });
    }
}

function fetchedFrom(pluginId: string, location: string): GrammarFetchedWhenUsed {
    const segments = path.posix.normalize(location.replace(/\\/g, '/')).split('/').filter(segment => segment !== '' && segment !== '.');
    return { fetchGrammarFrom: `hostedPlugin/${encodeURIComponent(pluginId)}/${segments.map(encodeURIComponent).join('/')}` };
}
