import { ContainerModule } from '@theia/core/shared/inversify';
import { GrammarsReader } from '@theia/plugin-ext/lib/hosted/node/scanners/grammars-reader';
import { GrammarsReadWhenUsed } from './grammars-read-when-used';

export default new ContainerModule((_bind, _unbind, _isBound, rebind) => {
    rebind(GrammarsReader).to(GrammarsReadWhenUsed).inSingletonScope();
});
