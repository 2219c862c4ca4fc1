import { Logger } from '../log.js';
import { generatePassword } from './passwords.js';
import { UserService } from './users.js';

/**
 * On the very first start there are no users: create the admin, with the configured password or a
 * generated one that is printed once on stderr (never into the structured log).
 */
export async function ensureFirstAdmin(users: UserService, username: string, configuredPassword: string | undefined, log: Logger): Promise<void> {
    if (users.list().length > 0) {
        return;
    }
    const password = configuredPassword ?? generatePassword();
    const admin = await users.create(username, password, true);
    log.info({ username: admin.username }, 'created the first admin user');
    if (!configuredPassword) {
        process.stderr.write(`\n  First admin user created.\n    username: ${admin.username}\n    password: ${password}\n  It is shown only this once: sign in and keep it safe.\n\n`);
    }
}
