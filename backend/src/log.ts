import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs on stdout. Anything that can carry a secret is redacted at the source. */
export function createLogger(level = process.env.IDE_LOG_LEVEL ?? 'info'): Logger {
    return pino({
        level,
        base: { service: 'ide-gateway' },
        redact: {
            paths: ['req.headers.cookie', 'req.headers.authorization', 'password', '*.password', 'secret', '*.secret',
                // single sign-on: never logged on purpose; redacted should one slip into a log line
                'clientSecret', '*.clientSecret', 'idToken', '*.idToken', 'oidcIdToken', '*.oidcIdToken', 'id_token', '*.id_token', 'access_token', '*.access_token', 'refresh_token', '*.refresh_token'],
            censor: '[redacted]'
        }
    });
}
