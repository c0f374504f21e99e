// The dashboard's only way to the platform: the JSON API. The access token lives in this module's memory only
// (never localStorage); the refresh token is an HttpOnly SameSite=Strict cookie this code cannot read.
let accessToken = null;
let refreshing = null;

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

export function signedIn() {
  return accessToken !== null;
}

function remember(body) {
  accessToken = body.accessToken;
}

/** Exchanges the refresh cookie for a new access token; false when there is no valid session. */
export function refresh() {
  if (!refreshing) {
    refreshing = fetch('/auth/refresh', { method: 'POST', credentials: 'same-origin' })
      .then(async (response) => {
        if (!response.ok) {
          accessToken = null;
          return false;
        }
        remember(await response.json());
        return true;
      })
      .catch(() => false)
      .finally(() => { refreshing = null; });
  }
  return refreshing;
}

/** Mock mode: the mock identity provider issues an ID token for the email, which signs in like Cognito's would. */
export async function signInWithEmail(email) {
  const idp = await fetch('/auth/mock-idp/token', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email }),
  });
  if (!idp.ok) throw new ApiError(idp.status, await problemOf(idp));
  const { idToken } = await idp.json();
  const login = await fetch('/auth/login', {
    method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ idToken }),
  });
  if (!login.ok) throw new ApiError(login.status, await problemOf(login));
  remember(await login.json());
}

export async function signOut() {
  await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin' });
  accessToken = null;
}

export async function switchTenant(tenantSlug) {
  const body = await api('POST', '/auth/switch-tenant', { tenantSlug });
  remember(body);
  return body;
}

async function problemOf(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/**
 * Calls the API with the access token; on 401 refreshes once and retries. Returns the parsed body (null for 204);
 * with {withHeaders: true} returns {body, etag}. Throws ApiError with the problem document otherwise.
 */
export async function api(method, path, body, options = {}) {
  const send = () => {
    const headers = {};
    if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.ifMatch) headers['If-Match'] = options.ifMatch;
    return fetch(path, {
      method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
    });
  };
  let response = await send();
  if (response.status === 401 && !options.noRetry && await refresh()) {
    response = await send();
  }
  if (!response.ok) {
    throw new ApiError(response.status, await problemOf(response));
  }
  const parsed = response.status === 204 ? null : await response.json();
  return options.withHeaders ? { body: parsed, etag: response.headers.get('ETag') } : parsed;
}
