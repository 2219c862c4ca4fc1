import { readFile, rename, writeFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { invalid } from '../errors/domain-error.js';
import { parseProfiles, ProfileCatalog, ProfileError, SandboxProfile } from './profiles.js';

/**
 * Lets admins replace the profiles file from the admin page or API: the new text is validated
 * (YAML, then every field), written atomically, and takes effect at once for new starts, without
 * a restart. Running sandboxes keep their container until their next start.
 */
export class ProfileEditor {
    constructor(private readonly catalog: ProfileCatalog, private readonly path: string) { }

    async text(): Promise<string> {
        return readFile(this.path, 'utf8');
    }

    async replace(text: unknown): Promise<ProfileCatalog> {
        if (typeof text !== 'string' || !text.trim()) {
            throw invalid('send the profiles file as text (YAML or JSON) in "yaml"');
        }
        let document: unknown;
        try {
            document = parseYaml(text);
        } catch (error) {
            throw invalid(`the profiles are not valid YAML: ${(error as Error).message.split('\n')[0]}`);
        }
        let next: ProfileCatalog;
        try {
            next = parseProfiles(document, 'profiles');
        } catch (error) {
            throw error instanceof ProfileError ? invalid(error.message) : error;
        }
        await writeFile(`${this.path}.new`, text.endsWith('\n') ? text : `${text}\n`, { mode: 0o644 });
        await rename(`${this.path}.new`, this.path);
        const mutable = this.catalog as { defaultProfile: string; profiles: Map<string, SandboxProfile> };
        mutable.defaultProfile = next.defaultProfile;
        mutable.profiles.clear();
        next.profiles.forEach((profile, name) => mutable.profiles.set(name, profile));
        return this.catalog;
    }
}
