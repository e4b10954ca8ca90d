// A real OpenID Connect provider (oidc-provider 9.x) for the test suite, on 127.0.0.1 only.
//
// Started by tests/providers/oidc.py as a child process. Configuration comes from the
// environment:
//   OIDC_PORT     port to listen on (127.0.0.1 only); the issuer is http://127.0.0.1:<port>
//   OIDC_CLIENTS  JSON list of client metadata objects (client_id, client_secret,
//                 redirect_uris, ...); defaults: client_secret_basic, authorization_code, code
//
// Sign-in uses oidc-provider's development interactions: any login name and any password
// work, then a consent screen. Everything is kept in memory and is thrown away on exit.
// Never use this outside tests.

import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { parse as parseQuery } from 'node:querystring';

import Provider from 'oidc-provider';

const HOST = '127.0.0.1';

function fail(message) {
  console.error(`oidc_provider.mjs: ${message}`);
  process.exit(2);
}

const port = Number.parseInt(process.env.OIDC_PORT ?? '', 10);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  fail(`OIDC_PORT must be a port number, got ${JSON.stringify(process.env.OIDC_PORT)}`);
}

let clients;
try {
  clients = JSON.parse(process.env.OIDC_CLIENTS ?? '[]');
} catch (err) {
  fail(`OIDC_CLIENTS is not valid JSON: ${err.message}`);
}
if (!Array.isArray(clients)) {
  fail('OIDC_CLIENTS must be a JSON list of client metadata objects');
}

const issuer = `http://${HOST}:${port}`;

// Claims for any login name. The account id (which oidc-provider also uses as `sub`) is the
// login as typed, trimmed: the sign-in form submission is trimmed before it reaches the
// provider (see the middleware below).
function accountClaims(login) {
  const name = `${login.charAt(0).toUpperCase()}${login.slice(1)} Tester`;
  return {
    sub: login,
    email: `${login}@example.test`,
    email_verified: !login.startsWith('unverified'),
    name,
    picture: `${issuer}/avatars/${encodeURIComponent(login)}.png`,
    website: `${issuer}/people/${encodeURIComponent(login)}`,
  };
}

async function findAccount(ctx, id) {
  const login = String(id ?? '');
  if (!login || login !== login.trim()) return undefined;
  return {
    accountId: login,
    async claims() {
      return accountClaims(login);
    },
  };
}

// One throwaway RSA signing key per run (avoids oidc-provider's built-in development keys).
const signingKey = {
  ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
  kid: 'summit-forum-tests',
  use: 'sig',
  alg: 'RS256',
};

function htmlEscape(value) {
  return String(value).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const configuration = {
  clients,
  clientDefaults: {
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    id_token_signed_response_alg: 'RS256',
  },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'picture', 'website'],
  },
  scopes: ['openid'],
  findAccount,
  features: {
    devInteractions: { enabled: true },
    userinfo: { enabled: true },
  },
  // PKCE (S256 is the only method oidc-provider 9 supports) for every client and request.
  pkce: { required: () => true },
  cookies: { keys: ['summit-forum-tests-only-cookie-key-1', 'summit-forum-tests-only-cookie-key-2'] },
  jwks: { keys: [signingKey] },
  ttl: {
    AccessToken: 10 * 60,
    AuthorizationCode: 60,
    ClientCredentials: 10 * 60,
    Grant: 60 * 60,
    IdToken: 10 * 60,
    Interaction: 10 * 60,
    RefreshToken: 60 * 60,
    Session: 60 * 60,
  },
  // Plain error page without external fonts; the Python helper reads the <pre> lines.
  async renderError(ctx, out) {
    ctx.type = 'html';
    const lines = Object.entries(out)
      .map(([key, value]) => `<pre><strong>${htmlEscape(key)}</strong>: ${htmlEscape(value)}</pre>`)
      .join('\n');
    ctx.body = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>oops! something went wrong</title></head>
<body><h1>oops! something went wrong</h1>
${lines}
</body></html>`;
  },
};

let provider;
try {
  provider = new Provider(issuer, configuration);
} catch (err) {
  fail(`invalid configuration: ${err.stack ?? err}`);
}

// Static clients are otherwise only validated on first use; check them now so that a bad
// OIDC_CLIENTS entry stops the start-up with a clear message.
for (const client of clients) {
  try {
    if (!(await provider.Client.find(String(client?.client_id)))) {
      throw new Error('not found');
    }
  } catch (err) {
    fail(`invalid client ${JSON.stringify(client?.client_id)}: ${err.error_description ?? err.message}`);
  }
}

// Expected protocol errors (tests provoke them) are logged briefly; server errors in full.
for (const event of [
  'authorization.error',
  'grant.error',
  'userinfo.error',
  'introspection.error',
  'revocation.error',
  'end_session.error',
  'discovery.error',
  'jwks.error',
]) {
  provider.on(event, (ctx, err) => {
    console.error(`${event}: ${err.error ?? err.name}: ${err.error_description ?? err.message}`);
  });
}
provider.on('server_error', (ctx, err) => {
  console.error(`server_error: ${err.stack ?? err}`);
});

// The development sign-in form (prompt "login") is handled here rather than by
// devInteractions, only so that the login name is trimmed before it becomes the account id.
// The consent form, the cancel link and the pages themselves stay oidc-provider's own.
async function readSmallBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

provider.use(async (ctx, next) => {
  if (
    ctx.method !== 'POST'
    || !/^\/interaction\/[^/]+$/.test(ctx.path)
    || !ctx.is('application/x-www-form-urlencoded')
  ) {
    return next();
  }
  let details;
  try {
    details = await provider.interactionDetails(ctx.req, ctx.res);
  } catch {
    return next(); // no or expired interaction: let oidc-provider render its error
  }
  if (details.prompt.name !== 'login') return next();

  const body = parseQuery(await readSmallBody(ctx.req));
  const login = String(body.login ?? '').trim();
  ctx.set('cache-control', 'no-store');
  if (!login) {
    ctx.redirect(ctx.path); // blank login: show the sign-in form again
  } else {
    const returnTo = await provider.interactionResult(
      ctx.req,
      ctx.res,
      { login: { accountId: login } },
      { mergeWithLastSubmission: false },
    );
    ctx.redirect(returnTo);
  }
  ctx.status = 303;
  return undefined;
});

// The development pages import a web font from Google in their CSS; the tests talk only
// to loopback addresses, so that import is taken out of every page this provider serves.
// First in the chain, so it sees the pages the provider's own routes render.
provider.app.middleware.unshift(async (ctx, next) => {
  await next();
  if (typeof ctx.body === 'string' && ctx.body.includes('fonts.googleapis.com')) {
    ctx.body = ctx.body.replace(/@import url\(https:\/\/fonts\.googleapis\.com[^)]*\);?/g, '');
  }
});

const server = createServer(provider.callback());
server.on('error', (err) => {
  console.error(`oidc_provider.mjs: server error: ${err.stack ?? err}`);
  process.exit(1);
});
server.listen(port, HOST, () => {
  console.log(`oidc-provider listening on ${issuer}`);
});

function shutdown() {
  server.close();
  server.closeAllConnections();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
