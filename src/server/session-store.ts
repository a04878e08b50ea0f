import { insteadOfRange, isCount, shouldBe } from '../shared/validation'
import { invalidOption } from './option-checks'

/**
 * Where the endpoint keeps its sessions: three methods over string keys and string values, each
 * returning a Promise. {@link memorySessionStore} keeps them in one process and
 * {@link redisSessionStore} in Redis; anything else with these three methods works too (a SQL
 * table, Memcached, a KV service).
 *
 * The keys are SHA-256 digests of the session tokens, never the tokens, and the values hold the
 * user's `session_key`: keep the store as private as a password store. A store that throws or
 * rejects makes the endpoint answer 503, so it should fail fast rather than wait for a server
 * that is down.
 *
 * @example
 * import type { SessionStore } from 'taro-qq-run-data/server'
 *
 * // A store over any map-like client with its own expiry, here a Cloudflare Workers KV namespace.
 * const kvSessionStore = (kv: KVNamespace): SessionStore => ({
 *   get: async (key) => (await kv.get(key)) ?? undefined,
 *   set: (key, value, ttlSeconds) => kv.put(key, value, { expirationTtl: Math.max(60, ttlSeconds) }),
 *   delete: (key) => kv.delete(key),
 * })
 */
export interface SessionStore {
  /** The value stored under `key`, or `undefined` when there is none or it has expired. */
  get(key: string): Promise<string | undefined>
  /** Stores `value` under `key`, replacing any value there, for `ttlSeconds` (an integer >= 1). */
  set(key: string, value: string, ttlSeconds: number): Promise<void>
  /** Removes `key`; resolves as well when there was nothing to remove. */
  delete(key: string): Promise<void>
}

/** The longest `ttlSeconds` a store accepts: 2^31 - 1 s, about 68 years, well inside Redis's range. */
export const MAX_TTL_SECONDS = 2147483647

/**
 * Rejects a `ttlSeconds` that is not an integer from 1 to {@link MAX_TTL_SECONDS}, with
 * `INVALID_OPTION` from `api`: Redis refuses anything else, so every store refuses it the same way.
 */
export function checkTtl(api: string, ttlSeconds: unknown): void {
  if (!isCount(ttlSeconds, MAX_TTL_SECONDS) || ttlSeconds < 1)
    throw invalidOption(api, shouldBe('ttlSeconds', `an integer from 1 to ${MAX_TTL_SECONDS}`, ttlSeconds, insteadOfRange))
}
