// The URL that invokes an action or fires a trigger (path: name or package/name), or a web action's URL.
const EXTENSIONS = ['.html', '.http', '.json', '.svg', '.text'];

function main({ web, ext, trigger, path }) {
  const host = process.env.__OW_API_HOST;
  const namespace = process.env.__OW_NAMESPACE;
  if (web === true && trigger) {
    return { error: 'triggers are not allowed for web actions.' };
  }
  if (web === true && ext && !EXTENSIONS.includes(ext)) {
    return { error: 'extension for web action must be one of [' + EXTENSIONS.map(e => `"${e}"`).join(', ') + '].' };
  }
  if (web !== true && trigger && path && path.includes('/')) {
    return { error: 'triggers are not allowed in packages.' };
  }
  const base = web === true
    ? `${host}/api/v1/web/${namespace}`
    : `${host}/api/v1/namespaces/${namespace}/${trigger === true ? 'triggers' : 'actions'}`;
  if (!path) {
    return { url: base };
  }
  const where = web === true && !path.includes('/') ? `default/${path}` : path;
  return { url: `${base}/${where}${web === true ? (ext || '') : ''}` };
}
