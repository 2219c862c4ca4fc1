import compression from 'compression';
import type { Application, RequestHandler } from '@theia/core/shared/express';
import { injectable } from '@theia/core/shared/inversify';
import { HostedPluginReader } from '@theia/plugin-ext/lib/hosted/node/plugin-reader';

/**
 * Theia's route for the extensions' own files (`hostedPlugin/<plugin id>/<path>`: grammars, icons, webview
 * scripts), compressed as the browser accepts. Each workspace is an origin of its own, so the browser caches
 * these per workspace: the TypeScript grammar alone is 225 kB for every workspace that opens a `.ts` file, 20 kB gzipped.
 */
@injectable()
export class PluginFilesCompressed extends HostedPluginReader {
    override configure(app: Application): void {
        // compression's typings are written against another copy of express's.
        app.use('/hostedPlugin', compression() as unknown as RequestHandler);
        super.configure(app);
    }
}
