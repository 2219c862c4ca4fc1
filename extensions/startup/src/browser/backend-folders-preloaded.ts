import { inject, injectable } from '@theia/core/shared/inversify';
import { EnvVariable, EnvVariablesServer } from '@theia/core/lib/common/env-variables';
import { PreloadContribution } from '@theia/core/lib/browser/preload/preloader';

/**
 * The backend's environment server with its folders asked for once, during the preload: the config folder
 * (settings, keymaps, plugins' storage) and the home folder do not change while a backend runs, and Theia's
 * contributions ask for them one after another while the workbench starts, each waiting a round trip to the
 * sandbox (one of them in `CommonFrontendContribution.configure`, which holds up every contribution after it).
 */
export class BackendFoldersPreloaded implements EnvVariablesServer {
    private configDirUri: Promise<string> | undefined;
    private homeDirUri: Promise<string> | undefined;

    constructor(private readonly backend: EnvVariablesServer) { }

    getConfigDirUri(): Promise<string> {
        return this.configDirUri ??= this.keptUnlessFailed(this.backend.getConfigDirUri(), () => this.configDirUri = undefined);
    }

    getHomeDirUri(): Promise<string> {
        return this.homeDirUri ??= this.keptUnlessFailed(this.backend.getHomeDirUri(), () => this.homeDirUri = undefined);
    }

    getExecPath(): Promise<string> {
        return this.backend.getExecPath();
    }

    getVariables(): Promise<EnvVariable[]> {
        return this.backend.getVariables();
    }

    getValue(key: string): Promise<EnvVariable | undefined> {
        return this.backend.getValue(key);
    }

    getDrives(): Promise<string[]> {
        return this.backend.getDrives();
    }

    /** A failed answer (the connection dropped) is not kept: the next caller asks again. */
    private keptUnlessFailed(answer: Promise<string>, forget: () => void): Promise<string> {
        answer.catch(forget);
        return answer;
    }
}

/** Asks for both folders as the page loads, beside Theia's own preloads, without waiting for the answers. */
@injectable()
export class BackendFoldersPreload implements PreloadContribution {
    @inject(BackendFoldersPreloaded) protected readonly folders!: BackendFoldersPreloaded;

    initialize(): void {
        this.folders.getConfigDirUri().catch(() => undefined);
        this.folders.getHomeDirUri().catch(() => undefined);
    }
}
