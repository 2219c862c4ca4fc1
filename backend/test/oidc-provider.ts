import { generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, createServer as createNetServer } from 'node:net';
import Provider, { ClientMetadata, Configuration } from 'oidc-provider';

/** A person at the test provider: what they type on its login page, and what it says about them. */
export interface TestAccount {
    sub: string;
    login: string;
    password: string;
    preferred_username?: string;
    email?: string;
    email_verified?: boolean;
    name?: string;
    groups?: string[];
}

export interface TestProviderOptions {
    /** Fixed port (for a process the e2e gateway finds by URL); 0 picks one. */
    port?: number;
    clients: ClientMetadata[];
    accounts: TestAccount[];
    /** Long on purpose: the gateway's session must not follow the provider's token lifetimes. */
    idTokenTtlSeconds?: number;
}

export interface DecodedJwt {
    header: Record<string, unknown>;
    payload: Record<string, unknown>;
    signature: string;
    /** The two signed segments as they came. */
    signedPart: string;
}

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const KID = 'test-op-key';

/** Signs a JWT with RS256 (what the provider signs ID tokens with). */
export function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
    const signedPart = `${b64(header)}.${b64(payload)}`;
    return `${signedPart}.${sign('sha256', Buffer.from(signedPart), key).toString('base64url')}`;
}

export function decodeJwt(jwt: string): DecodedJwt {
    const [header, payload, signature] = jwt.split('.');
    return {
        header: JSON.parse(Buffer.from(header, 'base64url').toString()),
        payload: JSON.parse(Buffer.from(payload, 'base64url').toString()),
        signature,
        signedPart: `${header}.${payload}`
    };
}

/** The gateway as a client of the provider: its callback and where its logout comes back to. */
export function gatewayClient(gatewayUrl: string, clientId: string, clientSecret: string): ClientMetadata {
    return {
        client_id: clientId, client_secret: clientSecret,
        redirect_uris: [`${gatewayUrl}/auth/oidc/callback`], post_logout_redirect_uris: [`${gatewayUrl}/login`],
        response_types: ['code'], grant_types: ['authorization_code']
    };
}

/** A port nothing listens on right now (to start a server on later, or to find nothing at). */
export async function freePort(): Promise<number> {
    const server = createNetServer();
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise(resolve => server.close(resolve));
    return port;
}

/**
 * A real OpenID provider (`oidc-provider`, certified) on loopback, for tests only: test accounts
 * with a groups claim, its own login and consent pages, PKCE required, RP-initiated logout. It can
 * rewrite the ID token of its next token response, as a compromised path to the gateway would.
 */
export class TestOpenIdProvider {
    private tamper?: (idToken: DecodedJwt) => string;

    private constructor(private readonly server: Server, readonly issuer: string, readonly provider: Provider,
        /** The provider's own signing key (to sign a token it could have issued, e.g. an expired one). */
        readonly signingKey: KeyObject,
        private readonly accounts: Map<string, TestAccount>) { }

    static async start(options: TestProviderOptions): Promise<TestOpenIdProvider> {
        const server = createServer();
        await new Promise<void>(resolve => server.listen(options.port ?? 0, '127.0.0.1', resolve));
        const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        const accounts = new Map(options.accounts.map(account => [account.sub, { ...account }]));
        const provider = new Provider(issuer, providerConfiguration(options, privateKey, sub => accounts.get(sub)));
        const op = new TestOpenIdProvider(server, issuer, provider, privateKey, accounts);
        const callback = provider.callback();
        server.on('request', (req, res) => void op.handle(req, res, callback));
        return op;
    }

    /** The account as the provider now sees it; change its groups to test a refresh. */
    account(sub: string): TestAccount {
        const account = this.accounts.get(sub);
        if (!account) {
            throw new Error(`no test account ${sub}`);
        }
        return account;
    }

    /** The next token response carries what `change` makes of its ID token instead. */
    tamperNextIdToken(change: (idToken: DecodedJwt) => string): void {
        this.tamper = change;
    }

    /** The provider's own key signs it: a token the provider could have issued (expired, for another audience…). */
    resign(idToken: DecodedJwt, claims: Record<string, unknown>): string {
        return signJwt(idToken.header, { ...idToken.payload, ...claims }, this.signingKey);
    }

    async close(): Promise<void> {
        this.server.closeAllConnections();
        await new Promise(resolve => this.server.close(resolve));
    }

    private async handle(req: IncomingMessage, res: ServerResponse, callback: (req: IncomingMessage, res: ServerResponse) => void): Promise<void> {
        try {
            const url = new URL(req.url ?? '/', this.issuer);
            const interaction = /^\/interaction\/([\w-]+)(?:\/(login|confirm|abort))?$/.exec(url.pathname);
            if (interaction) {
                await this.interact(req, res, interaction[2]);
                return;
            }
            if (req.method === 'POST' && url.pathname === '/token' && this.tamper) {
                this.rewriteIdToken(res, this.tamper);
                this.tamper = undefined;
            }
            callback(req, res);
        } catch (error) {
            res.statusCode = 500;
            res.end(String((error as Error).message));
        }
    }

    /** Koa answers JSON with one res.end(body) after setting its length: both are replaced. */
    private rewriteIdToken(res: ServerResponse, change: (idToken: DecodedJwt) => string): void {
        const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
        res.end = ((chunk?: unknown) => {
            const body = JSON.parse(String(chunk));
            if (typeof body.id_token === 'string') {
                body.id_token = change(decodeJwt(body.id_token));
            }
            const text = JSON.stringify(body);
            res.setHeader('content-length', Buffer.byteLength(text));
            return end(text);
        }) as typeof res.end;
    }

    /** The provider's login page (login and password), then its consent page (Allow or Deny). */
    private async interact(req: IncomingMessage, res: ServerResponse, action: string | undefined): Promise<void> {
        const details = await this.provider.interactionDetails(req, res);
        if (action === 'abort') {
            await this.provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'the user denied access' }, { mergeWithLastSubmission: false });
            return;
        }
        if (action === 'login') {
            const form = new URLSearchParams(await readBody(req));
            const account = [...this.accounts.values()].find(candidate => candidate.login === form.get('login') && candidate.password === form.get('password'));
            if (!account) {
                sendPage(res, 401, loginPage(details.uid, 'Wrong login or password.'));
                return;
            }
            await this.provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
            return;
        }
        if (action === 'confirm') {
            const { prompt, params, session, grantId } = details;
            const grant = grantId ? (await this.provider.Grant.find(grantId))! : new this.provider.Grant({ accountId: session!.accountId, clientId: String(params.client_id) });
            const missing = prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
            if (missing.missingOIDCScope) {
                grant.addOIDCScope(missing.missingOIDCScope.join(' '));
            }
            if (missing.missingOIDCClaims) {
                grant.addOIDCClaims(missing.missingOIDCClaims);
            }
            await this.provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
            return;
        }
        sendPage(res, 200, details.prompt.name === 'login' ? loginPage(details.uid) : consentPage(details.uid, String(details.params.client_id), String(details.params.scope)));
    }
}

function providerConfiguration(options: TestProviderOptions, privateKey: KeyObject, findAccount: (sub: string) => TestAccount | undefined): Configuration {
    return {
        clients: options.clients,
        jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: KID, use: 'sig', alg: 'RS256' } as never] },
        findAccount: (_ctx, sub) => {
            const account = findAccount(sub);
            return account && {
                accountId: sub,
                claims: () => ({
                    sub,
                    preferred_username: account.preferred_username,
                    email: account.email,
                    email_verified: account.email_verified,
                    name: account.name,
                    groups: account.groups
                })
            };
        },
        claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email', 'email_verified'], groups: ['groups'] },
        scopes: ['openid', 'profile', 'email', 'groups'],
        features: {
            devInteractions: { enabled: false },
            rpInitiatedLogout: {
                enabled: true,
                // the defaults load a web font from the internet
                logoutSource: (ctx, form) => {
                    ctx.body = `<!doctype html><html><head><meta charset="utf-8"><title>Sign out</title></head><body><h1>Sign out of the test provider?</h1>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button><button type="submit" form="op.logoutForm">No, stay signed in</button></body></html>`;
                },
                postLogoutSuccessSource: ctx => {
                    ctx.body = '<!doctype html><html><head><meta charset="utf-8"><title>Signed out</title></head><body><h1>Signed out of the test provider</h1></body></html>';
                }
            }
        },
        pkce: { required: () => true },
        interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
        cookies: { keys: ['test-provider-cookie-key'] },
        ttl: { IdToken: options.idTokenTtlSeconds ?? 30 * 24 * 3600, AccessToken: 3600, Interaction: 600, Session: 24 * 3600, Grant: 24 * 3600 },
        renderError: (ctx, out) => {
            ctx.type = 'html';
            ctx.body = `<!doctype html><title>Provider error</title><h1>${escape(String(out.error))}</h1><p id="provider-error">${escape(String(out.error_description ?? ''))}</p>`;
        }
    };
}

function escape(text: string): string {
    return text.replace(/[&<>"']/g, char => `&#${char.charCodeAt(0)};`);
}

function sendPage(res: ServerResponse, status: number, html: string): void {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`<!doctype html><html><head><meta charset="utf-8"><title>Test provider</title></head><body>${html}</body></html>`);
}

function loginPage(uid: string, error?: string): string {
    return `<h1>Test provider: sign in</h1>${error ? `<p id="provider-login-error">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<label>Login <input name="login" autocomplete="username"></label>
<label>Password <input name="password" type="password"></label>
<button type="submit">Sign in at the provider</button></form>`;
}

function consentPage(uid: string, clientId: string, scope: string): string {
    return `<h1>Test provider: authorize ${escape(clientId)}</h1><p>It asks for: ${escape(scope)}</p>
<form method="post" action="/interaction/${uid}/confirm"><button type="submit">Allow</button></form>
<form method="post" action="/interaction/${uid}/abort"><button type="submit">Deny</button></form>`;
}

async function readBody(req: IncomingMessage): Promise<string> {
    let body = '';
    for await (const chunk of req) {
        body += chunk;
        if (body.length > 64 * 1024) {
            throw new Error('form too large');
        }
    }
    return body;
}
