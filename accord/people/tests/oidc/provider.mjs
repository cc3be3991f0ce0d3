// A real OpenID Connect provider for Accord's single sign-on tests (accord/people/tests/test_sso.py).
// oidc-provider (a certified implementation) with a minimal sign-in page that checks passwords,
// so that prompt=login and max_age really make the person sign in again.
//
// Environment: OIDC_PORT, OIDC_ACCOUNTS (JSON {sub: {password, email, email_verified, ...}}),
// OIDC_CLIENTS (JSON [{client_id, client_secret, redirect_uris}]).
// GET /_test/logins lists the successful password sign-ins, for the tests to assert on.
import http from 'node:http';
import { URLSearchParams } from 'node:url';

import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS || '{}');
const clients = JSON.parse(process.env.OIDC_CLIENTS || '[]');
const logins = [];

const provider = new Provider(issuer, {
  clients: clients.map((client) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    require_auth_time: true,
    ...client,
  })),
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
  },
  // The ID token carries the claims too (allauth reads them from it or from userinfo).
  conformIdTokenClaims: false,
  cookies: { keys: ['accord-tests-only'] },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const account = accounts[sub];
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        return {
          sub,
          email: account.email,
          email_verified: account.email_verified ?? true,
          given_name: account.given_name,
          family_name: account.family_name,
          name: [account.given_name, account.family_name].filter(Boolean).join(' '),
        };
      },
    };
  },
  // Accord is a first-party client: no consent screen.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

function page(res, status, uid, error) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><title>Test identity provider</title>
<h1>Sign in</h1>${error ? `<p class="error">${error}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<input name="login" autocomplete="username"><input name="password" type="password">
<button type="submit">Sign in</button></form>`);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

const handler = provider.callback();

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    if (url.pathname === '/_test/logins') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(logins));
      return;
    }
    const match = url.pathname.match(/^\/interaction\/([^/]+)(\/login)?$/);
    if (!match) {
      handler(req, res);
      return;
    }
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name !== 'login') {
      res.writeHead(501);
      res.end(`prompt ${details.prompt.name} not implemented`);
      return;
    }
    if (req.method === 'GET') {
      page(res, 200, details.uid);
      return;
    }
    const form = await readBody(req);
    const sub = form.get('login') || '';
    const account = accounts[sub];
    if (!account || account.password !== form.get('password')) {
      page(res, 401, details.uid, 'Wrong user name or password.');
      return;
    }
    logins.push({ sub, at: Math.floor(Date.now() / 1000), prompt: details.params.prompt || null });
    await provider.interactionFinished(req, res, { login: { accountId: sub } }, {
      mergeWithLastSubmission: false,
    });
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(error && error.stack ? error.stack : error));
  }
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening ${issuer}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
