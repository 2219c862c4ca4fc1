import { SESSION_COOKIE, SIGN_IN_BROWSER_COOKIE } from '../src/auth/session-cookie.js';

const MAX_HOPS = 20;

/**
 * What a browser does in a single sign-on, step by step over HTTP: keeps the gateway's and the
 * provider's cookies apart, follows the provider's redirects, fills its login and consent pages,
 * and stops at the gateway's callback so a test can replay or alter it.
 */
export class SignInBrowser {
    private readonly jars = new Map<string, Map<string, string>>();

    constructor(readonly gatewayUrl: string) { }

    /** Starts at the gateway; returns where it sends the browser (the provider's authorization URL). */
    async start(next = '/'): Promise<URL> {
        const response = await this.get(new URL(`/auth/oidc/login?next=${encodeURIComponent(next)}`, this.gatewayUrl));
        if (response.status !== 303) {
            throw new Error(`the gateway did not send us to the provider: ${response.status} ${await response.text()}`);
        }
        return new URL(response.headers.get('location')!);
    }

    /** Signs in at the provider's pages and returns the callback URL it sends the browser back with (not followed). */
    async atProvider(authorizationUrl: URL, login: string, password: string, consent: 'allow' | 'deny' = 'allow'): Promise<URL> {
        let response = await this.get(authorizationUrl);
        let url = authorizationUrl;
        for (let hop = 0; hop < MAX_HOPS; hop++) {
            if (response.status === 303 || response.status === 302) {
                url = new URL(response.headers.get('location')!, url);
                if (url.origin === new URL(this.gatewayUrl).origin) {
                    return url;
                }
                response = await this.get(url);
                continue;
            }
            const html = await response.text();
            const form = /action="(\/interaction\/[\w-]+\/(login|confirm))"/.exec(html);
            if (response.status !== 200 || !form) {
                throw new Error(`unexpected page at the provider (${response.status}): ${html.slice(0, 300)}`);
            }
            const action = form[2] === 'login' ? form[1] : consent === 'allow' ? form[1] : form[1].replace(/confirm$/, 'abort');
            const body = form[2] === 'login' ? new URLSearchParams({ login, password }).toString() : '';
            response = await this.request(new URL(action, url), 'POST', body);
        }
        throw new Error('too many redirects at the provider');
    }

    /** The whole sign-in up to (not including) the gateway's callback. */
    async signInUpToCallback(login: string, password: string, next = '/'): Promise<URL> {
        return this.atProvider(await this.start(next), login, password);
    }

    get(url: URL, headers: Record<string, string> = {}): Promise<Response> {
        return this.request(url, 'GET', undefined, headers);
    }

    async request(url: URL, method: string, formBody?: string, headers: Record<string, string> = {}): Promise<Response> {
        const cookies = [...this.jar(url).entries()].map(([name, value]) => `${name}=${value}`).join('; ');
        const response = await fetch(url, {
            method,
            redirect: 'manual',
            headers: {
                accept: 'text/html',
                ...(cookies ? { cookie: cookies } : {}),
                ...(formBody !== undefined ? { 'content-type': 'application/x-www-form-urlencoded', origin: url.origin } : {}),
                ...headers
            },
            body: formBody
        });
        for (const cookie of response.headers.getSetCookie()) {
            const [pair, ...attributes] = cookie.split(';');
            const name = pair.slice(0, pair.indexOf('=')).trim();
            const value = pair.slice(pair.indexOf('=') + 1).trim();
            const expired = attributes.some(attribute => /^\s*expires=/i.test(attribute) && Date.parse(attribute.split('=')[1]) <= Date.now())
                || attributes.some(attribute => /^\s*max-age=0\s*$/i.test(attribute));
            if (expired || value === '') {
                this.jar(url).delete(name);
            } else {
                this.jar(url).set(name, value);
            }
        }
        return response;
    }

    /** The gateway session cookie, when the browser has one. */
    get session(): string | undefined {
        return this.jar(new URL(this.gatewayUrl)).get(SESSION_COOKIE);
    }

    forgetSession(): void {
        this.jar(new URL(this.gatewayUrl)).delete(SESSION_COOKIE);
    }

    /** The cookie binding sign-ins to this browser; a test may drop it to play another browser. */
    forgetSignInBinding(): void {
        this.jar(new URL(this.gatewayUrl)).delete(SIGN_IN_BROWSER_COOKIE);
    }

    /** GET a gateway API path as JSON with this browser's session. */
    async api<T = Record<string, unknown>>(path: string): Promise<{ status: number; body: T }> {
        const response = await this.get(new URL(path, this.gatewayUrl), { accept: 'application/json' });
        return { status: response.status, body: await response.json() as T };
    }

    private jar(url: URL): Map<string, string> {
        let jar = this.jars.get(url.host);
        if (!jar) {
            jar = new Map();
            this.jars.set(url.host, jar);
        }
        return jar;
    }
}
