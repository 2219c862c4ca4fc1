#!/usr/bin/env node
// Dev aid: serves a sandbox's unix socket on a TCP port behind a path prefix, the way the
// gateway does: http://127.0.0.1:PORT/w/<id>/... -> strip /w/<id> -> unix socket (HTTP + upgrades).
// Usage: node scripts/try-sandbox-proxy.mjs SOCKET PORT [PREFIX=/w/abc] [SECRET]
import http from 'node:http';
import net from 'node:net';

const [socketPath, port = '8080', prefix = '/w/abc', secret] = process.argv.slice(2);
const strip = url => (url === prefix ? '/' : url.startsWith(prefix + '/') ? url.slice(prefix.length) : null);
const extra = secret ? { 'x-ide-sandbox-secret': secret } : {};
// Theia sets its connection-token cookie with Path=/; scope it to the prefix so that two
// workspaces open in one browser do not overwrite each other's token (nginx: proxy_cookie_path).
const scopeCookies = headers => (!headers['set-cookie'] || process.env.NO_COOKIE_REWRITE) ? headers : ({ ...headers,
    'set-cookie': headers['set-cookie'].map(c => c.replace(/;\s*Path=\/(?=;|$)/i, `; Path=${prefix}/`)) });

const server = http.createServer((req, res) => {
    if (req.url === prefix) { res.writeHead(308, { location: prefix + '/' }).end(); return; } // relative URLs need the slash
    const path = strip(req.url);
    if (path === null) { console.log(`OUTSIDE PREFIX: ${req.method} ${req.url}`); res.writeHead(404).end('outside prefix\n'); return; }
    const upstream = http.request({ socketPath, method: req.method, path, headers: { ...req.headers, ...extra } }, up => {
        res.writeHead(up.statusCode, scopeCookies(up.headers));
        up.pipe(res);
    });
    upstream.on('error', e => { if (!res.headersSent) res.writeHead(502).end(String(e)); else res.destroy(); });
    res.on('close', () => { if (!res.writableFinished) upstream.destroy(); }); // the client left: cancel (tool calls stop)
    req.pipe(upstream);
});
server.on('upgrade', (req, client, head) => {
    const path = strip(req.url);
    if (path === null) { console.log(`OUTSIDE PREFIX (upgrade): ${req.url}`); client.destroy(); return; }
    const upstream = net.connect(socketPath, () => {
        const headers = Object.entries({ ...req.headers, ...extra }).map(([k, v]) => `${k}: ${v}`).join('\r\n');
        upstream.write(`${req.method} ${path} HTTP/1.1\r\n${headers}\r\n\r\n`);
        upstream.write(head);
        upstream.pipe(client).pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
});
server.listen(Number(port), '127.0.0.1', () => console.log(`http://127.0.0.1:${port}${prefix}/ -> ${socketPath}`));
