import { ContainerModule } from '@theia/core/shared/inversify';
import { HostedPluginReader } from '@theia/plugin-ext/lib/hosted/node/plugin-reader';
import { GrammarsReader } from '@theia/plugin-ext/lib/hosted/node/scanners/grammars-reader';
import { GrammarsReadWhenUsed } from './grammars-read-when-used';
import { PluginFilesCompressed } from './plugin-files-compressed';

export default new ContainerModule((_bind, _unbind, _isBound, rebind) => {
    rebind(GrammarsReader).to(GrammarsReadWhenUsed).inSingletonScope();
    rebind(HostedPluginReader).to(PluginFilesCompressed).inSingletonScope();
});
