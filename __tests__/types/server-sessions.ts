// Compile-time tests of the published declarations of the session stores and cloudRunData
// (dist/server.d.mts), run by `npm run typecheck`: real clients of both Redis packages fit.
import { expectTypeOf } from 'expect-type'
import { Cluster, Redis } from 'ioredis'
import { Redis as RedisV5 } from 'ioredis-v5'
import { createClient, createCluster } from 'redis'
import { createClient as createClientV4 } from 'redis-v4'
import {
  cloudRunData,
  memorySessionStore,
  redisSessionStore,
  type CloudRunData,
  type CloudRunDataOptions,
  type DailySteps,
  type IORedisClient,
  type MemorySessionStoreOptions,
  type NodeRedisClient,
  type RedisSessionStoreOptions,
  type SessionStore,
  type StepsSummary,
} from 'taro-qq-run-data/server'

// SessionStore: three methods, any store that has them
expectTypeOf<SessionStore['get']>().toEqualTypeOf<(key: string) => Promise<string | undefined>>()
expectTypeOf<SessionStore['set']>().toEqualTypeOf<(key: string, value: string, ttlSeconds: number) => Promise<void>>()
expectTypeOf<SessionStore['delete']>().toEqualTypeOf<(key: string) => Promise<void>>()
const map = new Map<string, string>()
const mapStore: SessionStore = {
  get: async (key) => map.get(key),
  set: async (key, value) => void map.set(key, value),
  delete: async (key) => void map.delete(key),
}
expectTypeOf(mapStore).toEqualTypeOf<SessionStore>()
// @ts-expect-error: get resolves with undefined for a missing key, not null
const nullStore: SessionStore = { get: async () => null, set: async () => {}, delete: async () => {} }
// @ts-expect-error: every method returns a Promise
const syncStore: SessionStore = { get: (key: string) => map.get(key), set: async () => {}, delete: async () => {} }

// memorySessionStore
expectTypeOf(memorySessionStore()).toEqualTypeOf<SessionStore>()
expectTypeOf(memorySessionStore({ maxEntries: 50_000 })).toEqualTypeOf<SessionStore>()
expectTypeOf<MemorySessionStoreOptions>().toEqualTypeOf<{ maxEntries?: number }>()
// @ts-expect-error: maxEntries is a number
memorySessionStore({ maxEntries: '50000' })
// @ts-expect-error: the option is maxEntries
memorySessionStore({ maxEntry: 10 })

// redisSessionStore, with the clients of both packages
expectTypeOf(redisSessionStore(createClient())).toEqualTypeOf<SessionStore>()
redisSessionStore(createClient({ url: 'redis://127.0.0.1:6379', disableOfflineQueue: true }), { prefix: 'my-app:session:' })
redisSessionStore(createCluster({ rootNodes: [{ url: 'redis://127.0.0.1:7000' }] }))
expectTypeOf(redisSessionStore(new Redis({ enableOfflineQueue: false, maxRetriesPerRequest: 1 }))).toEqualTypeOf<SessionStore>()
redisSessionStore(new Cluster([{ host: '127.0.0.1', port: 7000 }]), {})
// The oldest majors the peer dependencies admit: redis v4 and ioredis v5.
expectTypeOf(redisSessionStore(createClientV4({ disableOfflineQueue: true }))).toEqualTypeOf<SessionStore>()
expectTypeOf(redisSessionStore(new RedisV5({ enableOfflineQueue: false }))).toEqualTypeOf<SessionStore>()
expectTypeOf<RedisSessionStoreOptions>().toEqualTypeOf<{ prefix?: string }>()
expectTypeOf<Parameters<typeof redisSessionStore>[0]>().toEqualTypeOf<NodeRedisClient | IORedisClient>()
// @ts-expect-error: a URL is not a client
redisSessionStore('redis://127.0.0.1:6379')
// @ts-expect-error: nor is a store
redisSessionStore(memorySessionStore())
// @ts-expect-error: the prefix is a string
redisSessionStore(createClient(), { prefix: 1 })
// @ts-expect-error: the ttl belongs to the handler, not to the store
redisSessionStore(new Redis(), { ttlSeconds: 60 })

// cloudRunData
declare const event: unknown
expectTypeOf(cloudRunData(event)).toEqualTypeOf<CloudRunData>()
expectTypeOf<CloudRunData>().toEqualTypeOf<{ openid?: string; days: DailySteps[]; summary: StepsSummary }>()
expectTypeOf<CloudRunDataOptions>().toEqualTypeOf<{ timeZone?: string }>()
cloudRunData({ weRunData: { cloudID: 'id', data: { stepInfoList: [] } } }, { timeZone: 'UTC' })
// @ts-expect-error: a time zone is a name, not an offset in hours
cloudRunData(event, { timeZone: 8 })
// @ts-expect-error: there is no appId to check: the cloud resolved the data for this app
cloudRunData(event, { appId: 'wx4f4bc4dec97d474b' })
