// Fetches a host's page over HTTP (payload: the host, or a URL) and returns its text.
async function main({ payload }) {
  const url = /^https?:\/\//.test(String(payload)) ? String(payload) : `http://${payload}`;
  const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
  return { msg: await response.text() };
}
