// A real OpenID provider for quayref's bootstrap tests: panva's oidc-provider
// issuing JWT access tokens through the client_credentials grant with resource
// indicators (RFC 8707), so `aud` is the resource the client asked for.
//
// Everything test-specific comes from one JSON file named by OIDC_PROVIDER_CONFIG,
// written by quaytest/oidc_provider.py:
//   { "issuer": "http://127.0.0.1:PORT", "port": PORT,
//     "jwks": [ <private JWK with kid and alg>, ... ],
//     "resources": { "<audience>": { "ttl": seconds }, ... },
//     "clients": [ { "client_id", "client_secret", "claims": {...} }, ... ] }
// The key comes from the harness (not generated here) so the tests can also sign
// tokens with the provider's real key and bad claims (expired, wrong issuer):
// those must fail on the claim, not merely on the signature.
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const settings = JSON.parse(readFileSync(process.env.OIDC_PROVIDER_CONFIG, 'utf8'));
const extraClaims = new Map(settings.clients.map((c) => [c.client_id, c.claims || {}]));

const configuration = {
  clients: settings.clients.map((c) => ({
    client_id: c.client_id,
    client_secret: c.client_secret,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_basic',
    scope: 'quay',
  })),
  jwks: { keys: settings.jwks },
  scopes: ['openid', 'quay'],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: false },
    revocation: { enabled: false },
    resourceIndicators: {
      enabled: true,
      // A request without `resource` gets the first configured audience.
      defaultResource: async (_ctx, _client, oneOf) => oneOf || Object.keys(settings.resources)[0],
      useGrantedResource: async () => true,
      getResourceServerInfo: async (_ctx, resource) => {
        const info = settings.resources[resource];
        if (!info) {
          throw new Provider.errors.InvalidTarget();
        }
        return {
          scope: 'quay',
          audience: resource,
          accessTokenTTL: info.ttl || 300,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: settings.jwks[0].alg } },
        };
      },
    },
  },
  // Group memberships and display names per client: how a real IdP tells the
  // relying party that a service principal is in the superuser group.
  ttl: { ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL || 300 },
  extraTokenClaims: async (_ctx, token) => extraClaims.get(token.clientId),
};

const provider = new Provider(settings.issuer, configuration);
// Quiet: the provider logs nothing the tests need, and tokens must not reach logs.
provider.on('server_error', (_ctx, err) => { console.error(`server_error: ${err.message}`); });

const server = provider.listen(settings.port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${settings.issuer}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => { server.close(() => process.exit(0)); setTimeout(() => process.exit(0), 2000).unref(); });
}
