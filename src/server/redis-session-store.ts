import { isObject, shouldBe } from '../shared/validation'
import { invalidOption, refuseUnknownOptions } from './option-checks'
import { checkTtl, type SessionStore } from './session-store'

// The clients are described by the few members used here, not imported: neither package is a
// dependency, and the published declarations must compile in an app that has only one of them.

/**
 * What {@link redisSessionStore} needs of a node-redis client (`redis` v4 or later, from
 * `createClient`): `isOpen` tells it from an ioredis client.
 *
 * @example
 * import { createClient } from 'redis'
 *
 * const client: NodeRedisClient = await createClient({ url, disableOfflineQueue: true }).connect()
 */
export interface NodeRedisClient {
  readonly isOpen: boolean
  get(key: string): Promise<unknown>
  set(key: string, value: string, options: { EX: number }): Promise<unknown>
  del(key: string): Promise<unknown>
}

/**
 * What {@link redisSessionStore} needs of an ioredis client (`ioredis` v5 or later, a `Redis` or
 * a `Cluster`): `getBuffer` tells it from a node-redis client.
 *
 * @example
 * import { Redis } from 'ioredis'
 *
 * const client: IORedisClient = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
 */
export interface IORedisClient {
  getBuffer(key: string): Promise<unknown>
  get(key: string): Promise<unknown>
  set(key: string, value: string, mode: 'EX', seconds: number): Promise<unknown>
  del(key: string): Promise<unknown>
}

/**
 * The options of {@link redisSessionStore}.
 *
 * @example
 * redisSessionStore(client, { prefix: 'my-app:session:' })
 */
export interface RedisSessionStoreOptions {
  /**
   * What every key starts with, so that the sessions share a Redis database with other data
   * without clashing, and can be found (`SCAN 0 MATCH taro-qq-run-data:session:*`).
   *
   * @default 'taro-qq-run-data:session:'
   */
  prefix?: string
}

const API = 'redisSessionStore'
const PREFIX_LIMIT = 256

/** The value of a GET: a string, or a Buffer under a client that maps strings to Buffers. */
const text = (value: unknown): string | undefined =>
  typeof value == 'string' ? value : value instanceof Uint8Array ? new TextDecoder().decode(value) : undefined

/**
 * A {@link SessionStore} in Redis, shared by every process and machine that uses the same
 * database: each session is one string key, `prefix` followed by the SHA-256 of its token, set
 * with `EX` so that Redis itself expires it.
 *
 * `client` is the connected client the app already has, from `redis` (v4 or later) or `ioredis`
 * (v5 or later); this package imports neither. Configure it to fail fast when Redis is
 * unreachable, so that the endpoint answers 503 at once instead of queueing commands until Redis
 * is back, and give it an `error` listener (node-redis and ioredis emit one on every lost
 * connection, and an `error` event without a listener ends a Node process). Both reconnect by
 * themselves, and the store works again as soon as they have:
 *
 * - `redis`: `createClient({ url, disableOfflineQueue: true })`, then `client.on('error', log)`
 *   and `await client.connect()`;
 * - `ioredis`: `new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })`, then
 *   `client.on('error', log)`.
 *
 * A client of neither shape, a `prefix` that is not a String of at most 256 characters, or an
 * unknown option throws a {@link RunDataError} with code `INVALID_OPTION`.
 *
 * @example
 * import { createClient } from 'redis'
 * import { createRunDataHandler, redisSessionStore } from 'taro-qq-run-data/server'
 *
 * const client = createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true })
 * client.on('error', (error) => console.warn('redis:', error.message))
 * await client.connect()
 *
 * const handler = createRunDataHandler({ qq, sessions: redisSessionStore(client) })
 */
export function redisSessionStore(client: NodeRedisClient | IORedisClient, options?: RedisSessionStoreOptions): SessionStore {
  const maybe: Record<string, unknown> = isObject(client) ? client : {}
  const ioredis = typeof maybe.getBuffer == 'function'
  if ((!ioredis && typeof maybe.isOpen != 'boolean') || [maybe.get, maybe.set, maybe.del].some((method) => typeof method != 'function'))
    throw invalidOption(API, shouldBe('client', 'a client of redis (v4 or later) or ioredis (v5 or later)', client))
  if (options !== undefined && !isObject(options)) throw invalidOption(API, shouldBe('options', 'Object', options))
  refuseUnknownOptions(API, options ?? {}, ['prefix'])
  const { prefix = 'taro-qq-run-data:session:' }: RedisSessionStoreOptions = options ?? {}
  if (typeof prefix != 'string') throw invalidOption(API, shouldBe('options.prefix', 'String', prefix))
  if (prefix.length > PREFIX_LIMIT)
    throw invalidOption(API, `options.prefix has ${prefix.length} characters; it should have at most ${PREFIX_LIMIT}`)

  return {
    async get(key) {
      return text(await client.get(prefix + key))
    },
    async set(key, value, ttlSeconds) {
      checkTtl(`${API}().set`, ttlSeconds)
      // `{ EX }` rather than v5's `{ expiration }`, which v4 would ignore, leaving the key forever.
      if (ioredis) await (client as IORedisClient).set(prefix + key, value, 'EX', ttlSeconds)
      else await (client as NodeRedisClient).set(prefix + key, value, { EX: ttlSeconds })
    },
    async delete(key) {
      await client.del(prefix + key)
    },
  }
}
