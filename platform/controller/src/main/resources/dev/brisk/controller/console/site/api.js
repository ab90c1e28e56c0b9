// The public REST API (/api/v1) of the server that served this page, with the key as Basic authentication.
// The key lives in sessionStorage only: not in a cookie, not in localStorage, never in a URL.

const KEY = 'brisk.console.key';
const BASE = '/api/v1';

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

export function savedKey() {
  return sessionStorage.getItem(KEY);
}

export function forgetKey() {
  sessionStorage.removeItem(KEY);
}

/** Tries a key against the API (it lists the key's namespaces); keeps it only if the API takes it. */
export async function signIn(key) {
  const namespaces = await request('GET', '/namespaces', {key});
  sessionStorage.setItem(KEY, key);
  return namespaces;
}

/** A path under /api/v1/namespaces/_ from its segments, each encoded (names may hold spaces, @, ...). */
export function path(...segments) {
  return '/namespaces/_/' + segments.flatMap(s => String(s).split('/')).map(encodeURIComponent).join('/');
}

/** A fully qualified name /ns/pkg/name (or ns/name) as its segments under the namespace. */
export function nameSegments(fullName) {
  const parts = fullName.replace(/^\//, '').split('/');
  return parts.slice(1);
}

/**
 * One call. Answers the parsed JSON body; an answer other than 2xx is an ApiError with OpenWhisk's error text.
 * options: {key, body, query, activationOnError}
 */
export async function request(method, apiPath, options = {}) {
  const key = options.key ?? savedKey();
  if (!key) throw new ApiError(401, 'Not signed in.');
  const headers = {Accept: 'application/json', Authorization: 'Basic ' + base64(key)};
  let body;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const query = options.query ? '?' + new URLSearchParams(options.query) : '';
  let response;
  try {
    response = await fetch(BASE + apiPath + query, {method, headers, body, credentials: 'omit', cache: 'no-store'});
  } catch (e) {
    throw new ApiError(0, 'The server could not be reached (' + e.message + ').');
  }
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  // a blocking invoke that failed in the action still answers its activation record (502)
  if (response.ok || (options.activationOnError && parsed && parsed.activationId)) {
    return {status: response.status, body: parsed};
  }
  const message = parsed && typeof parsed === 'object' && parsed.error
    ? String(parsed.error) : (response.statusText || 'HTTP ' + response.status);
  throw new ApiError(response.status, message, parsed);
}

export async function get(apiPath, query) {
  return (await request('GET', apiPath, {query})).body;
}

/** The deployment description at / (no authentication): runtimes and limits. */
export async function deployment() {
  const response = await fetch('/', {headers: {Accept: 'application/json'}, credentials: 'omit'});
  if (!response.ok) throw new ApiError(response.status, 'The deployment description did not load.');
  return response.json();
}

function base64(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}
