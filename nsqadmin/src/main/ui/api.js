// nsqadmin's JSON API, under --base-path, with the headers NSQ's own UI sends.
const base = (window.BASE_PATH || '/').replace(/\/$/, '');

/** An absolute path of the UI under the base path. */
export const url = (path) => base + path;

/** A name as one path segment: topic names may hold '#' (ephemeral ones). */
export const seg = encodeURIComponent;

async function call(method, path, body) {
  const response = await fetch(url('/api' + path), {
    method,
    headers: {
      Accept: 'application/vnd.nsq; version=1.0',
      'X-UserAgent': window.USER_AGENT,
      'Content-Type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(json.message || `${response.status} ${response.statusText}`);
    error.status = response.status;
    throw error;
  }
  return json;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body);
export const del = (path, body) => call('DELETE', path, body);
