package dev.brisk.testbed.process;

/** Node.js actions that report what they can reach from inside their sandbox; they never fail, they observe. */
final class SandboxProbes {
    private SandboxProbes() {
    }

    /** Tries files, directories, TCP ports and Unix sockets given as parameters; returns what happened to each. */
    static final String PROBE = """
            const fs = require('fs'), net = require('net');
            function read(p) { try { return 'read ' + fs.readFileSync(p).length + ' bytes'; } catch (e) { return 'denied: ' + e.code; } }
            function list(p) { try { return fs.readdirSync(p); } catch (e) { return 'denied: ' + e.code; } }
            function connect(target) {
              return new Promise(done => {
                const s = net.connect(target);
                s.setTimeout(2000);
                s.on('connect', () => { s.destroy(); done('connected'); });
                s.on('error', e => done('denied: ' + e.code));
                s.on('timeout', () => { s.destroy(); done('denied: timeout'); });
              });
            }
            async function main(p) {
              const files = {}, dirs = {}, ports = {}, sockets = {};
              for (const f of p.files || []) files[f] = read(f);
              for (const d of p.dirs || []) dirs[d] = list(d);
              for (const [name, port] of Object.entries(p.ports || {})) ports[name] = await connect({host: '127.0.0.1', port: port});
              for (const path of p.sockets || []) sockets[path] = await connect({path: path});
              return { files, dirs, ports, sockets, cwd: process.cwd(),
                       pids: fs.readdirSync('/proc').filter(x => /^[0-9]+$/.test(x)),
                       env: Object.keys(process.env).sort(), key: process.env.__OW_API_KEY || null };
            }
            """;

    /** Remembers every key it was ever given in this container and answers them all. */
    static final String KEYS_SEEN = """
            const seen = new Set();
            function main(p) {
              seen.add(process.env.__OW_API_KEY);
              return { seen: Array.from(seen), namespace: process.env.__OW_NAMESPACE };
            }
            """;

    /** With network: fetches an outside URL and invokes another action through the public API with its own key. */
    static final String NETWORK = """
            const http = require('http'), https = require('https');
            function get(url) {
              return new Promise(done => {
                http.get(url, r => { let b = ''; r.on('data', d => b += d); r.on('end', () => done({status: r.statusCode, body: b})); })
                    .on('error', e => done({error: e.code}));
              });
            }
            function invoke(name) {
              return new Promise(done => {
                const url = new URL(process.env.__OW_API_HOST + '/api/v1/namespaces/_/actions/' + name + '?blocking=true&result=true');
                const auth = 'Basic ' + Buffer.from(process.env.__OW_API_KEY).toString('base64');
                // the testbed's certificate is self-signed, as wsk -i accepts it
                const req = https.request(url, {method: 'POST', rejectUnauthorized: false,
                    headers: {'Content-Type': 'application/json', 'Authorization': auth}},
                    r => { let b = ''; r.on('data', d => b += d); r.on('end', () => done({status: r.statusCode, body: b})); });
                req.on('error', e => done({error: e.code}));
                req.end(JSON.stringify({from: 'iso-net'}));
              });
            }
            async function main(p) { return { outside: await get(p.url), api: await invoke(p.target) }; }
            """;

    static final String TARGET = "function main(p) { return { hello: p.from || null }; }";
}
