// The part of the configuration that says who may use the server: which pages may
// connect (PUBLIC_URL, ALLOWED_ORIGINS), who may read /metrics (METRICS_TOKEN), and
// which reverse proxies are believed about client addresses (TRUST_PROXY). Pure,
// like config.ts: env in, values out, every problem pushed onto `problems`.
import { isIPv4 } from 'node:net';
import { normalizeAddress } from './client-address.ts';
import { isBearerToken } from './metrics-access.ts';
import { parseUrl } from './origin-policy.ts';

export interface AccessConfig {
  /**
   * Where the public reaches this server (PUBLIC_URL), e.g. https://share.example
   * behind a TLS proxy. When set, its origin (and allowedOrigins) are the only pages
   * that may connect; undefined means the server recognises its own origin only on
   * an IP literal or localhost (see origin-policy.ts).
   */
  publicUrl: URL | undefined;
  /** Further origins whose pages may connect (ALLOWED_ORIGINS, comma-separated). */
  allowedOrigins: string[];
  /** Bearer token /metrics requires (METRICS_TOKEN); undefined: loopback clients only. */
  metricsToken: string | undefined;
  /** Proxies (addresses or CIDR ranges) whose last X-Forwarded-For entry names the client. */
  trustedProxies: string[];
}

export type Env = Record<string, string | undefined>;
type Problems = string[];

/**
 * Shortest METRICS_TOKEN accepted: 16 random characters are ~64 bits or more, far
 * beyond what anyone can guess over HTTP; `openssl rand -hex 32` makes a good one.
 */
export const MIN_METRICS_TOKEN_LENGTH = 16;

const list = (raw: string | undefined): string[] =>
  (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');

function publicUrlFrom(env: Env, problems: Problems): URL | undefined {
  const raw = env.PUBLIC_URL?.trim();
  if (!raw) return undefined;
  const url = parseUrl(raw);
  const bare =
    url !== undefined &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.username === '' &&
    url.password === '' &&
    url.pathname === '/' &&
    !url.search &&
    !url.hash;
  if (bare) return url;
  problems.push(
    `PUBLIC_URL must be the http(s) URL the public reaches this server at, like https://share.example, got "${raw}"`,
  );
  return undefined;
}

function allowedOriginsFrom(env: Env, problems: Problems): string[] {
  const origins = list(env.ALLOWED_ORIGINS);
  for (const origin of origins) {
    if (parseUrl(origin)?.origin !== origin) {
      problems.push(
        `ALLOWED_ORIGINS must list origins like https://share.example, got "${origin}"`,
      );
    }
  }
  return origins;
}

function metricsTokenFrom(env: Env, problems: Problems): string | undefined {
  const raw = env.METRICS_TOKEN;
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < MIN_METRICS_TOKEN_LENGTH || !isBearerToken(raw)) {
    // The value itself is never repeated: it is a secret, and this goes to the log.
    problems.push(
      `METRICS_TOKEN must be at least ${MIN_METRICS_TOKEN_LENGTH} characters of A-Z a-z 0-9 - . _ ~ + / (e.g. openssl rand -hex 32)`,
    );
    return undefined;
  }
  return raw;
}

function trustedProxiesFrom(env: Env, problems: Problems): string[] {
  const proxies: string[] = [];
  for (const entry of list(env.TRUST_PROXY)) {
    const [rawAddress, bits, ...rest] = entry.split('/');
    const address = normalizeAddress(rawAddress);
    const maxBits = address !== undefined && isIPv4(address) ? 32 : 128;
    const prefix = bits === undefined ? maxBits : Number(bits);
    if (
      address === undefined ||
      rest.length > 0 ||
      (bits !== undefined && !/^\d+$/.test(bits)) ||
      prefix > maxBits
    ) {
      problems.push(
        `TRUST_PROXY must list the reverse proxies' addresses or CIDR ranges, like 127.0.0.1,::1 or 10.0.0.0/8, got "${entry}"`,
      );
      continue;
    }
    proxies.push(bits === undefined ? address : `${address}/${prefix}`);
  }
  return proxies;
}

export function accessConfigFrom(env: Env, problems: Problems): AccessConfig {
  return {
    publicUrl: publicUrlFrom(env, problems),
    allowedOrigins: allowedOriginsFrom(env, problems),
    metricsToken: metricsTokenFrom(env, problems),
    trustedProxies: trustedProxiesFrom(env, problems),
  };
}
