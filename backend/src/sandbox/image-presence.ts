import { SandboxProvider } from './sandbox-provider.js';

const REMEMBER_MS = 5_000;

/**
 * Whether the engine has a profile's image, asked at most every few seconds per image (pages ask
 * on every load). `undefined` when it cannot tell (no such check, or the engine is down): then
 * the profile is still offered, and a start says what is wrong.
 */
export class ImagePresence {
    private readonly known = new Map<string, { present: boolean | undefined; at: number }>();

    constructor(private readonly sandboxes: SandboxProvider, private readonly now = () => Date.now()) { }

    async has(image: string): Promise<boolean | undefined> {
        const cached = this.known.get(image);
        if (cached && this.now() - cached.at < REMEMBER_MS) {
            return cached.present;
        }
        const present = this.sandboxes.hasImage ? await this.sandboxes.hasImage(image).catch(() => undefined) : undefined;
        this.known.set(image, { present, at: this.now() });
        return present;
    }
}

/** The images `npm run images` builds from `sandboxes/<name>/`, as `ide-sandbox-<name>:latest`. */
const BUNDLED_IMAGES = new Set(['base', 'node-python']);

/** How an admin makes a missing image: the bundled ones with their build script, any other by pulling it. */
export function imageBuildHint(image: string): string {
    const bundled = /^ide-sandbox-([a-z0-9-]+):latest$/.exec(image);
    return bundled && BUNDLED_IMAGES.has(bundled[1])
        ? `build it on the Docker host with "bash sandboxes/scripts/build-image.sh ${bundled[1]}" (or "npm run images" for all bundled images)`
        : `pull or build it on the Docker host ("docker pull ${image}")`;
}
