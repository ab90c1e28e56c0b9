// Brisk action proxy for Node.js: OpenWhisk's action-container protocol (POST /init, POST /run, log sentinel)
// with the Node standard library only. Listens on the Unix socket $__OW_PROXY_SOCKET when set (the sandbox has no
// network), else on TCP $PORT (default 8080) so the same file can serve as a Docker runtime image.
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');
const { execFileSync } = require('child_process');

const SENTINEL = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\n';
const MAX_BODY = 48 * 1024 * 1024; // as the official runtime's body limit
let action = null; // the main function once /init succeeded
let initialized = false;

function reply(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
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

function init(res, message) {
  if (initialized) return reply(res, 403, { error: 'Cannot initialize the action more than once.' });
  const value = (message && message.value) || {};
  const mainName = value.main || 'main';
  if (typeof value.code !== 'string' || value.code.trim() === '') {
    return reply(res, 403, { error: 'Missing main/no code to execute.' });
  }
  try {
    for (const [k, v] of Object.entries(value.env || {})) exportEnv(k, v);
    const fn = value.binary ? loadZip(value.code, mainName)
      : loadSource(value.code, mainName, path.join(process.cwd(), 'action.js'));
    if (typeof fn !== 'function') return reply(res, 403, { error: 'Missing main/no code to execute.' });
    action = fn;
    initialized = true;
    reply(res, 200, { OK: true });
  } catch (e) {
    reply(res, 502, { error: `Initialization has failed due to: ${e}` });
  }
}

// A rejected promise is an application error: an Error becomes its message, an {error} object stays as it is.
function rejection(e) {
  if (e instanceof Error) return { error: e.message };
  if (e && typeof e === 'object' && 'error' in e) return e;
  return { error: e === undefined ? {} : e };
}

async function run(res, message) {
  if (!initialized) return reply(res, 403, { error: 'System not initialized.' });
  let status = 200;
  let result;
  try {
    for (const [k, v] of Object.entries(message)) if (k !== 'value') exportEnv('__OW_' + k.toUpperCase(), v);
    let returned;
    try {
      returned = action(message.value === undefined ? {} : message.value);
    } catch (e) {
      status = 502;
      result = { error: `An error has occurred: ${e}` };
    }
    if (status === 200) {
      try {
        result = await returned;
      } catch (e) {
        result = rejection(e);
      }
      if (result === null || typeof result !== 'object') {
        status = 502;
        result = { error: 'The action did not return a dictionary.' };
      }
    }
  } finally {
    // Pipes are synchronous on Linux, so the action's own output is already out; mark the end on both streams.
    process.stdout.write(SENTINEL);
    process.stderr.write(SENTINEL);
  }
  reply(res, status, result);
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
    if (size > MAX_BODY || message === null || typeof message !== 'object') return reply(res, 500, { error: 'Bad request.' });
    if (route === '/init') return init(res, message);
    if (route === '/run') return run(res, message).catch((e) => reply(res, 502, { error: `An error has occurred: ${e}` }));
    reply(res, 500, { error: 'Bad request.' });
  });
});
server.keepAliveTimeout = 0; // the invoker may idle a warm container for minutes; never drop its connection first

const socket = process.env.__OW_PROXY_SOCKET;
if (socket) {
  fs.rmSync(socket, { force: true });
  server.listen(socket);
} else {
  server.listen(Number(process.env.PORT || 8080), '0.0.0.0');
}
