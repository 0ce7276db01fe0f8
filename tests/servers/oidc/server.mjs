// The authorization server of tether's OAuth tests: oidc-provider (exact
// version pinned in package.json / package-lock.json) on 127.0.0.1.
//
//   node tests/servers/oidc/server.mjs
//
// Also: POST /test/forget-access-token (see forgetAccessToken below).
//
// Environment:
//   PORT         port to listen on (default 0: any free port)
//   ACCESS_TTL   access token lifetime in seconds (default 3600)
//   REFRESH_TTL  refresh token lifetime in seconds (default 86400)
//
// Prints "PORT <n>" on the first line once it listens, then one JSON line
// per token endpoint outcome ({"event":"grant", ...}) so that tests can see
// what reached the server (grant type, client authentication, whether a PKCE
// verifier came) without trusting tether's own account of it.
//
// Clients (secrets are test constants, see tests/oauth/lib.sh):
//   tether-native   public native client, PKCE required, any loopback port
//   tether-basic    confidential, client_secret_basic
//   tether-post     confidential, client_secret_post; refresh tokens are
//                   never rotated (tests "no new refresh token keeps old")
//   tether-service  client credentials only
//   tether-device   public client, device authorization grant
//   tether-mtls     client credentials, RFC 8705 tls_client_auth: the TLS
//                   client certificate with subject CN=tether client
//                   (nginx.sh --mtls-proxy terminates TLS in front of this
//                   server and passes the certificate on in x-ssl-client-*
//                   headers; only that proxy may be trusted with them)
// Users: the development login pages accept any login and password.
import http from 'node:http';
import Provider from 'oidc-provider';

const LOOPBACK_REDIRECT = 'http://127.0.0.1/callback';
const API_RESOURCE = 'urn:tether:api';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

const accessTtl = Number(process.env.ACCESS_TTL || 3600);
const refreshTtl = Number(process.env.REFRESH_TTL || 86400);

const clients = [
  {
    client_id: 'tether-native',
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    redirect_uris: [LOOPBACK_REDIRECT],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  },
  {
    client_id: 'tether-basic',
    client_secret: 'basic-secret-7d1f0c2a9e',
    application_type: 'native',
    token_endpoint_auth_method: 'client_secret_basic',
    redirect_uris: [LOOPBACK_REDIRECT],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  },
  {
    client_id: 'tether-post',
    client_secret: 'post-secret-4b8e61f3c5',
    application_type: 'native',
    token_endpoint_auth_method: 'client_secret_post',
    redirect_uris: [LOOPBACK_REDIRECT],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  },
  {
    client_id: 'tether-service',
    client_secret: 'service-secret-93ac2e7d10',
    token_endpoint_auth_method: 'client_secret_basic',
    redirect_uris: [],
    grant_types: ['client_credentials'],
    response_types: [],
  },
  {
    client_id: 'tether-mtls',
    token_endpoint_auth_method: 'tls_client_auth',
    tls_client_auth_subject_dn: 'CN=tether client',
    redirect_uris: [],
    grant_types: ['client_credentials'],
    response_types: [],
  },
  {
    client_id: 'tether-device',
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    redirect_uris: [],
    grant_types: [DEVICE_GRANT, 'refresh_token'],
    response_types: [],
  },
];

const configuration = {
  clients,
  // oidc-provider's default methods, and RFC 8705 tls_client_auth.
  clientAuthMethods: [
    'client_secret_basic',
    'client_secret_jwt',
    'client_secret_post',
    'private_key_jwt',
    'none',
    'tls_client_auth',
  ],
  scopes: ['openid', 'profile', 'offline_access', 'api:read'],
  claims: { openid: ['sub'], profile: ['name'] },
  findAccount: (_ctx, sub) => ({
    accountId: sub,
    claims: async () => ({ sub, name: sub }),
  }),
  features: {
    devInteractions: { enabled: true },
    deviceFlow: { enabled: true },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    userinfo: { enabled: true },
    // RFC 8705 tls_client_auth behind nginx.sh --mtls-proxy, which verifies
    // the certificate against its client CA (ssl_verify_client optional)
    // and passes on the certificate, the verdict and the subject.
    mTLS: {
      enabled: true,
      tlsClientAuth: true,
      getCertificate: (ctx) => {
        const pem = ctx.get('x-ssl-client-cert');
        return pem ? decodeURIComponent(pem) : undefined;
      },
      certificateAuthorized: (ctx) =>
        ctx.get('x-ssl-client-verify') === 'SUCCESS',
      certificateSubjectMatches: (ctx, property, expected) =>
        property === 'tls_client_auth_subject_dn'
        && ctx.get('x-ssl-client-s-dn') === expected,
    },
    resourceIndicators: {
      enabled: true,
      // Client credentials tokens are for the API; user tokens stay usable
      // at the userinfo endpoint, which is what the resource server checks.
      defaultResource: (ctx) =>
        ctx.oidc.params?.grant_type === 'client_credentials'
          ? API_RESOURCE : undefined,
      getResourceServerInfo: () => ({
        scope: 'api:read',
        accessTokenFormat: 'opaque',
        accessTokenTTL: accessTtl,
      }),
      useGrantedResource: () => false,
    },
  },
  issueRefreshToken: async (_ctx, client) =>
    client.grantTypeAllowed('refresh_token'),
  rotateRefreshToken: (ctx) => ctx.oidc.client.clientId !== 'tether-post',
  ttl: {
    AccessToken: accessTtl,
    ClientCredentials: accessTtl,
    RefreshToken: refreshTtl,
    DeviceCode: 600,
    Grant: 86400,
    Interaction: 600,
    Session: 86400,
    AuthorizationCode: 60,
    IdToken: 3600,
  },
};

// oidc-provider accepts a confidential client's secret in either place
// (Basic header or form body) whatever method the client registered. Many
// providers accept only the registered one, and tether's "wrong client
// authentication" advice must be tested against that: so at the token and
// device endpoints a secret sent the other way is withheld from
// oidc-provider, which then refuses the client itself (invalid_client).
const STRICT = {
  'tether-basic': 'client_secret_basic',
  'tether-service': 'client_secret_basic',
  'tether-post': 'client_secret_post',
};

async function readRaw(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function strictClientAuth(ctx, next) {
  if (ctx.method !== 'POST' || !['/token', '/device/auth'].includes(ctx.path)) {
    return next();
  }
  const form = new URLSearchParams(await readRaw(ctx.req));
  const auth = ctx.get('authorization');
  let basicId;
  if (/^basic /i.test(auth)) {
    const raw = Buffer.from(auth.slice(6), 'base64').toString('utf8');
    basicId = decodeURIComponent(raw.split(':')[0].replace(/\+/g, ' '));
  }
  const id = form.get('client_id') || basicId;
  if (STRICT[id] === 'client_secret_basic' && form.has('client_secret')) {
    form.delete('client_secret');
  }
  if (STRICT[id] === 'client_secret_post' && basicId) {
    delete ctx.req.headers.authorization;
    form.set('client_id', basicId);
  }
  ctx.req.body = form.toString();
  return next();
}

// POST /test/forget-access-token with token=VALUE: the server forgets that
// one access token (as when it expires early or a server restarts its token
// cache) but keeps the grant and its refresh token, unlike revocation
// (RFC 7009), which oidc-provider applies to the whole grant. Resource
// servers then answer 401 to a token tether still believes valid.
async function forgetAccessToken(ctx, next) {
  if (ctx.method !== 'POST' || ctx.path !== '/test/forget-access-token') {
    return next();
  }
  const form = new URLSearchParams(await readRaw(ctx.req));
  const token = await provider.AccessToken.find(form.get('token') || '');
  if (token) await token.destroy();
  ctx.status = token ? 204 : 404;
  return undefined;
}

function logGrant(event, ctx, err) {
  const params = ctx.oidc?.params || {};
  const line = {
    event,
    grant_type: params.grant_type,
    client: ctx.oidc?.client?.clientId,
    client_auth: ctx.oidc?.client?.clientAuthMethod,
    code_verifier: Boolean(params.code_verifier),
    redirect_uri: params.redirect_uri,
    basic_header: /^basic /i.test(ctx.get('authorization') || ''),
    secret_in_body: Boolean(params.client_secret),
  };
  if (err) {
    line.error = err.error;
    line.error_description = err.error_description;
  }
  console.log(JSON.stringify(line));
}

const server = http.createServer();
let provider;
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  const { port } = server.address();
  provider = new Provider(`http://127.0.0.1:${port}`, configuration);
  provider.use(strictClientAuth);
  provider.use(forgetAccessToken);
  provider.on('grant.success', (ctx) => logGrant('grant', ctx));
  provider.on('grant.error', (ctx, err) => logGrant('grant_error', ctx, err));
  provider.on('authorization.error', (ctx, err) =>
    logGrant('authorization_error', ctx, err));
  server.on('request', provider.callback());
  console.log(`PORT ${port}`);
});

for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => server.close(() => process.exit(0)));
}
