import { isObject, shouldBe, insteadOfRange } from '../shared/validation'
import { invalidOption, refuseUnknownOptions } from './option-checks'
import { checkTtl, type SessionStore } from './session-store'

/**
 * The options of {@link memorySessionStore}.
 *
 * @example
 * memorySessionStore({ maxEntries: 50_000 })
 */
export interface MemorySessionStoreOptions {
  /**
   * How many sessions the store keeps at most. When it is full, the session set longest ago goes
   * first, so memory stays bounded whatever the traffic (about 300 bytes a session).
   *
   * @default 10000
   */
  maxEntries?: number
}

const API = 'memorySessionStore'

/**
 * A {@link SessionStore} in this process's memory: for one server process. Sessions are lost when
 * the process restarts, and another process does not see them, so behind a load balancer or in
 * a cluster a user logged in by one process is asked to log in again by the next: use
 * {@link redisSessionStore} there.
 *
 * The store is bounded: at `maxEntries` (default 10 000) the session set longest ago is evicted.
 * A session expires `ttlSeconds` after it was set, by `Date.now()`, and an expired one is never
 * returned. An option that is not a known one, or a `maxEntries` that is not an integer >= 1,
 * throws a {@link RunDataError} with code `INVALID_OPTION`.
 *
 * @example
 * import { createRunDataHandler, memorySessionStore } from 'taro-qq-run-data/server'
 *
 * const handler = createRunDataHandler({ qq, sessions: memorySessionStore() })
 */
export function memorySessionStore(options?: MemorySessionStoreOptions): SessionStore {
  if (options !== undefined && !isObject(options)) throw invalidOption(API, shouldBe('options', 'Object', options))
  refuseUnknownOptions(API, options ?? {}, ['maxEntries'])
  const { maxEntries = 10_000 }: MemorySessionStoreOptions = options ?? {}
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1)
    throw invalidOption(API, shouldBe('options.maxEntries', 'an integer >= 1', maxEntries, insteadOfRange))

  // A Map iterates in insertion order, and `set` re-inserts, so the first entry is always the
  // one set longest ago: eviction is O(1).
  const entries = new Map<string, { value: string; expires: number }>()
  return {
    async get(key) {
      const entry = entries.get(key)
      if (!entry) return undefined
      if (Date.now() < entry.expires) return entry.value
      entries.delete(key)
      return undefined
    },
    async set(key, value, ttlSeconds) {
      checkTtl(`${API}().set`, ttlSeconds)
      entries.delete(key)
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!)
      entries.set(key, { value, expires: Date.now() + ttlSeconds * 1000 })
    },
    async delete(key) {
      entries.delete(key)
    },
  }
}
