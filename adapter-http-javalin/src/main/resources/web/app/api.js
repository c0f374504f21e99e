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

/** Which sign-in this platform offers: {mockEmail, hostedUi}. */
export async function signInOptions() {
  const response = await fetch('/auth/sign-in-options', { credentials: 'same-origin' });
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  return response.json();
}

// Cognito's Hosted UI, authorization code with PKCE (S256). The verifier and the state wait in sessionStorage for the
// redirect back (this tab only, gone with it); tokens never go there. The code is exchanged by the platform, so the
// page's Content-Security-Policy needs no connect-src for Cognito and the ID token never reaches this page.
const PKCE_KEY = 'saas.hostedUi';

function base64url(bytes) {
  let text = '';
  for (const byte of new Uint8Array(bytes)) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Starts the Hosted UI sign-in: makes a verifier, asks the platform for the authorize URL, and goes there. */
export async function startHostedUi() {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const response = await fetch('/auth/hosted-ui/start', {
    method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ codeChallenge: challenge }),
  });
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  const { authorizeUrl, state } = await response.json();
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  location.assign(authorizeUrl);
}

/**
 * Finishes the Hosted UI sign-in at the callback: the state must be the one this tab kept (else the callback was not
 * started here and is dropped), then the platform exchanges code and verifier for the usual session.
 */
export async function finishHostedUi(params) {
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) || 'null');
  sessionStorage.removeItem(PKCE_KEY);
  if (params.get('error')) {
    throw new ApiError(401, { detail: `The sign-in page answered: ${params.get('error_description') || params.get('error')}` });
  }
  if (!saved || params.get('state') !== saved.state) {
    throw new ApiError(401, { detail: 'This sign-in was not started from this tab (the state does not match). Sign in again.' });
  }
  const response = await fetch('/auth/hosted-ui/token', {
    method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code: params.get('code'), state: saved.state, codeVerifier: saved.verifier }),
  });
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  remember(await response.json());
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
    if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
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

/** A fresh Idempotency-Key: a retried POST carrying it is answered once. */
export function newKey() {
  if (globalThis.crypto && crypto.randomUUID) return crypto.randomUUID();
  return `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}`;
}

/**
 * Uploads one image the way the platform wants it: ask for an upload (a presigned URL), PUT the bytes straight to
 * that URL with the headers it names (XMLHttpRequest, for upload progress: fetch reports none), then ask the platform
 * to check what arrived. onProgress(loaded, total) follows the bytes. Resolves to the ready media item.
 */
export async function uploadImage(file, onProgress = () => {}) {
  const ticket = await api('POST', '/tenants/me/media/uploads',
    { filename: file.name, contentType: file.type, byteSize: file.size }, { idempotencyKey: newKey() });
  await new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(ticket.upload.method || 'PUT', ticket.upload.url);
    for (const [name, value] of Object.entries(ticket.upload.headers || {})) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    });
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(file.size, file.size);
        resolve();
        return;
      }
      let problem = null;
      try { problem = JSON.parse(xhr.responseText); } catch { problem = null; }
      reject(new ApiError(xhr.status, problem));
    });
    xhr.addEventListener('error', () => reject(new Error('The upload did not reach the storage: check the connection')));
    xhr.send(file);
  });
  return api('POST', `/tenants/me/media/${ticket.mediaId}/complete`);
}
