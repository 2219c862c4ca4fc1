/**
 * A user's development server, as `npm run dev` would start one in a sandbox: plain Node, no
 * packages. `node dev-server.js <port>` answers HTTP with what it saw (as JSON), `/bytes?n=<n>` with
 * n bytes (for throughput), and echoes text WebSocket messages (hot-reload channels are
 * WebSockets), prefixed with "echo ".
 */
export const DEV_SERVER_SCRIPT = String.raw`
const http = require('http');
const crypto = require('crypto');
const port = Number(process.argv[2]);

const chunk = Buffer.alloc(1024 * 1024, 'x');
const server = http.createServer((req, res) => {
    const bytes = /^\/bytes\?n=(\d+)$/.exec(req.url);
    if (bytes) {
        let left = Number(bytes[1]);
        res.setHeader('content-length', left);
        const pump = () => {
            while (left > 0) {
                const part = chunk.subarray(0, Math.min(left, chunk.length));
                left -= part.length;
                if (!res.write(part)) { res.once('drain', pump); return; }
            }
            res.end();
        };
        pump();
        return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ server: 'dev', port, method: req.method, path: req.url, host: req.headers.host }));
});

function textFrame(text) {
    const payload = Buffer.from(text);
    return Buffer.concat([Buffer.from([0x81, payload.length]), payload]);
}

server.on('upgrade', (req, socket) => {
    const accept = crypto.createHash('sha1').update(req.headers['sec-websocket-key'] + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ' + accept + '\r\n\r\n');
    socket.on('data', frame => {
        const opcode = frame[0] & 0x0f;
        const length = frame[1] & 0x7f;
        if (opcode !== 1 || length > 125) { socket.end(); return; }
        const mask = frame.subarray(2, 6);
        const text = Buffer.from(frame.subarray(6, 6 + length).map((byte, i) => byte ^ mask[i % 4])).toString();
        socket.write(textFrame('echo ' + text));
    });
    socket.on('error', () => socket.destroy());
});

server.listen(port, '127.0.0.1', () => console.log('listening on ' + port));
`;
