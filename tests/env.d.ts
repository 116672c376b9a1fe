declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
    /** The stand-in for Cloudflare's purge API (tests/purge-api/standin.js), bound in vitest.config.ts. */
    PURGE_API: Fetcher;
  }
}
