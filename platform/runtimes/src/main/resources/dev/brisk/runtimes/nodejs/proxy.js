// Brisk action proxy for Node.js: OpenWhisk's action-container protocol (POST /init, POST /run, log sentinel)
// with the Node standard library only. Listens on the Unix socket $__OW_PROXY_SOCKET when set (the sandbox has no
// network), else on TCP $PORT (default 8080) at $__OW_PROXY_HOST (default 0.0.0.0) so the same file can serve as a
// Docker runtime image.
//
// Brisk's inline-logs extension: when a request carries `X-Brisk-Logs: inline`, what the action writes to stdout and
// stderr during that request (and still writes to the real streams) is also collected, line by line, stamped on
// arrival and formatted as OpenWhisk's activation logs; the answer keeps its status and becomes
// {"body": "<the usual body>", "logs": [...], "truncated": false} with `X-Brisk-Logs: inline` and
// `Content-Type: application/vnd.brisk.logs+json`. Without the header nothing changes. Concurrent requests (an action
// whose limits.concurrency is above 1) run concurrently, and each one's collected lines are its own.
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');
const { execFileSync } = require('child_process');
const { AsyncLocalStorage } = require('async_hooks');

const SENTINEL = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\n';
const MAX_BODY = 48 * 1024 * 1024; // as the official runtime's body limit
const INLINE_HEADER = 'x-brisk-logs'; // Node lower-cases request header names
const INLINE_CONTENT_TYPE = 'application/vnd.brisk.logs+json';
const MAX_CAPTURE = 10 * 1024 * 1024; // bytes of log text collected per request before `truncated`
let action = null; // the main function once /init succeeded
let initialized = false;

// An ISO-8601 instant with microseconds: wall clock at the process start plus the monotonic clock since.
function now() {
  const t = performance.timeOrigin + performance.now();
  const ms = Math.floor(t);
  const micros = String(Math.floor((t - ms) * 1000)).padStart(3, '0');
  return new Date(ms).toISOString().replace('Z', micros + 'Z');
}

// Collects the lines one request's code writes to stdout and stderr, each stamped when its first part arrives.
// Requests run concurrently (an action with a concurrency above 1 shares its container): what a write belongs to is
// the asynchronous context it runs in (AsyncLocalStorage), which callbacks, timers and promises started by the
// request inherit, so each request's record holds only its own lines.
class Capture {
  constructor() {
    this.lines = [];
    this.bytes = 0;
    this.truncated = false;
    this.stopped = false;
    this.partial = { stdout: null, stderr: null }; // [time, text] of an unfinished line per stream
  }

  add(name, text) {
    if (this.stopped) return; // a timer that outlives its request: its output goes to the streams only
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      this.part(name, text.slice(start, nl));
      this.line(name);
      start = nl + 1;
    }
    if (start < text.length) this.part(name, text.slice(start));
  }

  part(name, text) {
    const p = this.partial[name];
    if (p) p[1] += text;
    else this.partial[name] = [now(), text];
  }

  line(name) {
    const p = this.partial[name];
    this.partial[name] = null;
    if (!p || this.truncated) return;
    const entry = `${p[0].padEnd(30)} ${name}: ${p[1]}`;
    const size = Buffer.byteLength(entry);
    if (this.bytes + size > MAX_CAPTURE) {
      this.truncated = true;
      return;
    }
    this.bytes += size;
    this.lines.push(entry);
  }

  // Ends collecting; an unfinished last line counts as a line.
  stop() {
    if (this.stopped) return this;
    for (const name of ['stdout', 'stderr']) {
      if (this.partial[name]) this.line(name);
    }
    this.stopped = true;
    return this;
  }
}

// The request whose code is running, when it asked for inline logs.
const captures = new AsyncLocalStorage();

// Installed once: every write still reaches the real stream, and the capture of the request it belongs to.
for (const name of ['stdout', 'stderr']) {
  const stream = process[name];
  const original = stream.write;
  stream.write = function write(chunk, encoding) {
    const capture = captures.getStore();
    if (capture && !capture.stopped) {
      try {
        let text;
        if (typeof chunk === 'string') {
          text = typeof encoding === 'string' && !/^utf-?8$/i.test(encoding) && Buffer.isEncoding(encoding)
            ? Buffer.from(chunk, encoding).toString('utf8') : chunk;
        } else {
          text = Buffer.from(chunk).toString('utf8');
        }
        capture.add(name, text);
      } catch (e) {
        // collecting never breaks the action's own output
      }
    }
    return original.apply(stream, arguments);
  };
}

// `capture`, when the request asked for inline logs: the usual body goes as a string inside the logs envelope.
function reply(res, status, body, capture) {
  let text = JSON.stringify(body);
  const headers = { 'Content-Type': 'application/json' };
  if (capture) {
    capture.stop();
    text = JSON.stringify({ body: text, logs: capture.lines, truncated: capture.truncated });
    headers['Content-Type'] = INLINE_CONTENT_TYPE;
    headers['X-Brisk-Logs'] = 'inline';
  }
  headers['Content-Length'] = Buffer.byteLength(text);
  res.writeHead(status, headers);
  res.end(text);
}

// Environment values are strings; OpenWhisk stringifies anything else.
function exportEnv(key, value) {
  process.env[key] = typeof value === 'string' ? value : JSON.stringify(value);
}

// Plain code runs as a CommonJS module body; a top-level `function main` is found through `typeof`, which does not
// throw for an undeclared name. Dotted or odd entry names are looked up in the exports only.
function loadSource(code, mainName, filename) {
  const module = { exports: {} };
  const lookup = /^[A-Za-z_$][\w$]*$/.test(mainName)
    ? `\n;return typeof ${mainName} === 'function' ? ${mainName} : undefined;` : '\n;return undefined;';
  const body = new Function('exports', 'require', 'module', '__filename', '__dirname', code + lookup);
  const local = body(module.exports, createRequire(filename), module, filename, path.dirname(filename));
  return local || module.exports[mainName];
}

// A zip action is extracted with the system `unzip` (no stdlib unzip in Node); entry: package.json "main" or index.js.
function loadZip(base64, mainName) {
  const dir = path.join(process.cwd(), 'action');
  fs.mkdirSync(dir, { recursive: true });
  const zip = path.join(process.cwd(), 'action.zip');
  fs.writeFileSync(zip, Buffer.from(base64, 'base64'));
  try {
    execFileSync('unzip', ['-qq', '-o', zip, '-d', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    throw e.code === 'ENOENT' ? 'zip actions are not supported by this runtime yet' : e;
  } finally {
    fs.rmSync(zip, { force: true });
  }
  let entry = path.join(dir, 'index.js');
  const pkg = path.join(dir, 'package.json');
  if (fs.existsSync(pkg)) entry = path.resolve(dir, JSON.parse(fs.readFileSync(pkg, 'utf8')).main || 'index.js');
  if (!fs.existsSync(entry)) throw 'Zipped actions must contain either package.json or index.js at the root.';
  return require(entry)[mainName];
}

function init(res, message, capture) {
  if (initialized) return reply(res, 403, { error: 'Cannot initialize the action more than once.' }, capture);
  const value = (message && message.value) || {};
  const mainName = value.main || 'main';
  if (typeof value.code !== 'string' || value.code.trim() === '') {
    return reply(res, 403, { error: 'Missing main/no code to execute.' }, capture);
  }
  try {
    for (const [k, v] of Object.entries(value.env || {})) exportEnv(k, v);
    const fn = value.binary ? loadZip(value.code, mainName)
      : loadSource(value.code, mainName, path.join(process.cwd(), 'action.js'));
    if (typeof fn !== 'function') return reply(res, 403, { error: 'Missing main/no code to execute.' }, capture);
    action = fn;
    initialized = true;
    reply(res, 200, { OK: true }, capture);
  } catch (e) {
    // as OpenWhisk's service.js (doInit): the error goes to the activation's logs, which end here
    console.error('Error during initialization:', e);
    endOfActivation(capture);
    reply(res, 502, { error: `Initialization has failed due to: ${e}` }, capture);
  }
}

// The sentinels end the activation on the real streams and are not part of its collected lines. Pipes are
// synchronous on Linux, so the action's own output is already out.
function endOfActivation(capture) {
  if (capture) capture.stop();
  process.stdout.write(SENTINEL);
  process.stderr.write(SENTINEL);
}

// A rejected promise is an application error: an Error becomes its message, an {error} object stays as it is.
function rejection(e) {
  if (e instanceof Error) return { error: e.message };
  if (e && typeof e === 'object' && 'error' in e) return e;
  return { error: e === undefined ? {} : e };
}

async function run(res, message, capture) {
  if (!initialized) return reply(res, 403, { error: 'System not initialized.' }, capture);
  let status = 200;
  let result;
  try {
    for (const [k, v] of Object.entries(message)) if (k !== 'value') exportEnv('__OW_' + k.toUpperCase(), v);
    let returned;
    try {
      returned = action(message.value === undefined ? {} : message.value);
    } catch (e) {
      // as OpenWhisk's service.js (doRun): what was thrown goes to the activation's logs (an Error with its stack)
      console.error(e);
      status = 502;
      result = { error: `An error has occurred: ${e}` };
    }
    if (status === 200) {
      try {
        result = await returned;
      } catch (e) {
        result = rejection(e);
      }
      if (result === undefined) result = {}; // as OpenWhisk's runner.js: `return;` is an empty result
      if (typeof result !== 'object') {
        console.error(`Result must be of type object but has type "${typeof result}":`, result);
      }
      if (result === null || typeof result !== 'object') {
        status = 502;
        result = { error: 'The action did not return a dictionary.' };
      }
    }
  } finally {
    endOfActivation(capture);
  }
  reply(res, status, result, capture);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    if (size <= MAX_BODY) chunks.push(c);
  });
  req.on('end', () => {
    let message;
    try {
      message = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch (e) {
      message = undefined;
    }
    const route = req.method === 'POST' ? req.url : '';
    const inline = String(req.headers[INLINE_HEADER] || '').trim().toLowerCase() === 'inline';
    if (size > MAX_BODY || message === null || typeof message !== 'object') {
      return reply(res, 500, { error: 'Bad request.' }, inline ? new Capture().stop() : null);
    }
    const capture = inline && (route === '/init' || route === '/run') ? new Capture() : null;
    const handle = () => {
      if (route === '/init') return init(res, message, capture);
      if (route === '/run') {
        return run(res, message, capture)
          .catch((e) => reply(res, 502, { error: `An error has occurred: ${e}` }, capture));
      }
      reply(res, 500, { error: 'Bad request.' }, inline ? new Capture().stop() : null);
    };
    // the request's code, and everything it starts, writes into its own capture
    return capture ? captures.run(capture, handle) : handle();
  });
});
server.keepAliveTimeout = 0; // the invoker may idle a warm container for minutes; never drop its connection first

const socket = process.env.__OW_PROXY_SOCKET;
if (socket) {
  fs.rmSync(socket, { force: true });
  server.listen(socket);
} else {
  server.listen(Number(process.env.PORT || 8080), process.env.__OW_PROXY_HOST || '0.0.0.0');
}
