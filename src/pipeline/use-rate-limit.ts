/**
 * Rate limits, first of all checks, on every request (GraphQL or not, hit or
 * miss): the Workers Rate Limiting binding, keyed by the token's id for a
 * request that presents an editor token, by the client's address
 * (`CF-Connecting-IP`) otherwise. Over the limit: 429 with `Retry-After` and
 * the IETF `RateLimit-Policy` / `RateLimit` headers; within it, the policy is
 * announced on every answer.
 *
 * The binding counts per key per Cloudflare location, not globally
 * (Cloudflare's docs: a per-client budget, not an exact billing meter), and says only
 * whether a call is within the limit: the remaining quota is not known, so
 * `RateLimit` is sent with the refusal only. Limits live in wrangler.toml
 * (`[[ratelimits]]`); docs/public-edge.md documents them.
 */
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ServerContext } from './context';

/** One policy: the binding and what wrangler.toml configures it to allow (tests/production/ checks it against wrangler.toml). */
interface Policy {
  name: string;
  binding: 'PUBLIC_RATE_LIMITER' | 'EDITOR_RATE_LIMITER';
  limit: number;
  period: number;
}

export const PUBLIC_POLICY: Policy = { name: 'public', binding: 'PUBLIC_RATE_LIMITER', limit: 600, period: 60 };
export const EDITOR_POLICY: Policy = { name: 'editor', binding: 'EDITOR_RATE_LIMITER', limit: 1200, period: 60 };

const TOKEN_ID = /^Bearer[ ]+ngt_([0-9a-z]{12})_/i;

/** Which budget a request spends, and under which key. */
export function rateLimitKey(request: Request): { policy: Policy; key: string } {
  const token = TOKEN_ID.exec(request.headers.get('authorization') ?? '');
  if (token) return { policy: EDITOR_POLICY, key: `token:${token[1]}` };
  return { policy: PUBLIC_POLICY, key: `ip:${request.headers.get('cf-connecting-ip') ?? 'local'}` };
}

const policyHeader = (p: Policy) => `"${p.name}";q=${p.limit};w=${p.period}`;

export function useRateLimit(): Plugin<Record<string, never>, ServerContext> {
  return {
    async onRequest({ request, serverContext, endResponse }) {
      const { policy, key } = rateLimitKey(request);
      const limiter = serverContext.env[policy.binding] as RateLimit | undefined;
      if (!limiter) return;
      const { success } = await limiter.limit({ key });
      if (success) return;
      const error = new GraphQLError(
        `Rate limit exceeded: at most ${policy.limit} requests in ${policy.period} seconds (${policy.name} policy). Retry after ${policy.period} seconds.`,
        {
          extensions: { code: 'RATE_LIMITED', limit: { name: 'requests', max: policy.limit, period: policy.period } },
        },
      );
      endResponse(
        new Response(JSON.stringify({ errors: [error.toJSON()] }), {
          status: 429,
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            'Retry-After': String(policy.period),
            'RateLimit-Policy': policyHeader(policy),
            RateLimit: `"${policy.name}";r=0;t=${policy.period}`,
          },
        }),
      );
    },
    onResponse({ request, response }) {
      if (response.status !== 429) response.headers.set('RateLimit-Policy', policyHeader(rateLimitKey(request).policy));
    },
  };
}
