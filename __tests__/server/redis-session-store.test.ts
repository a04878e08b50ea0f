// redisSessionStore against a real redis-server on loopback, with both clients it supports.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { Redis as RedisV5 } from 'ioredis-v5'
import { createClient, RESP_TYPES } from 'redis'
import { createClient as createClientV4 } from 'redis-v4'
import { redisSessionStore, type IORedisClient, type NodeRedisClient, type RunDataError } from '../../src/server'
import { endSession, readSession, startSession, withinTime, type SessionRecord } from '../../src/server/sessions'
import { startRedisServer, type RedisServer } from '../helpers/redis-server'

jest.setTimeout(30_000)

const QQ: SessionRecord = { platform: 'qq', openid: 'o-qq-1', sessionKey: 'AAECAwQFBgcICQoLDA0ODw==' }
const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url')

/** One client, with what the tests read of Redis through it. */
interface Connected {
  client: NodeRedisClient | IORedisClient
  ttl(key: string): Promise<number>
  raw(key: string): Promise<string | null>
  keys(): Promise<string[]>
  ping(): Promise<unknown>
  flush(): Promise<unknown>
  quit(): Promise<unknown>
}

// The newest major of each package, and the oldest one the peer dependencies admit.
// Each client set up as the JSDoc of redisSessionStore says: fail at once when Redis is down,
// and reconnect by itself (here quickly, so the test of a restart is short).
const FLAVOURS: [string, (url: string) => Promise<Connected>][] = [
  [
    'redis',
    async (url) => {
      const client = createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy: () => 50 } })
      client.on('error', () => {})
      await client.connect()
      return {
        client,
        ttl: (key) => client.ttl(key),
        raw: (key) => client.get(key),
        keys: () => client.keys('*'),
        ping: () => client.ping(),
        flush: () => client.flushDb(),
        quit: () => client.close(),
      }
    },
  ],
  [
    'redis v4',
    async (url) => {
      const client = createClientV4({ url, disableOfflineQueue: true, socket: { reconnectStrategy: () => 50 } })
      client.on('error', () => {})
      await client.connect()
      return {
        client,
        ttl: (key) => client.ttl(key),
        raw: (key) => client.get(key),
        keys: () => client.keys('*'),
        ping: () => client.ping(),
        flush: () => client.flushDb(),
        quit: () => client.quit(),
      }
    },
  ],
  [
    'ioredis',
    async (url) => {
      const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: () => 50, lazyConnect: true })
      client.on('error', () => {})
      await client.connect()
      return {
        client,
        ttl: (key) => client.ttl(key),
        raw: (key) => client.get(key),
        keys: () => client.keys('*'),
        ping: () => client.ping(),
        flush: () => client.flushdb(),
        quit: () => client.quit(),
      }
    },
  ],
  [
    'ioredis v5',
    async (url) => {
      const client = new RedisV5(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: () => 50, lazyConnect: true })
      client.on('error', () => {})
      await client.connect()
      return {
        client,
        ttl: (key) => client.ttl(key),
        raw: (key) => client.get(key),
        keys: () => client.keys('*'),
        ping: () => client.ping(),
        flush: () => client.flushdb(),
        quit: () => client.quit(),
      }
    },
  ],
]

let server: RedisServer
beforeAll(async () => {
  server = await startRedisServer()
})
afterAll(() => server.close())

describe.each(FLAVOURS)('redisSessionStore with a %s client', (_, connect) => {
  let redis: Connected
  beforeAll(async () => {
    redis = await connect(server.url)
  })
  beforeEach(() => redis.flush())
  afterAll(() => redis.quit())

  it('sets, gets and deletes under the default prefix', async () => {
    const store = redisSessionStore(redis.client)
    expect(await store.get('k')).toBeUndefined()
    await store.set('k', '{"会话":"✓"}', 60)
    expect(await redis.keys()).toEqual(['taro-qq-run-data:session:k'])
    expect(await redis.raw('taro-qq-run-data:session:k')).toBe('{"会话":"✓"}')
    expect(await store.get('k')).toBe('{"会话":"✓"}')
    await store.set('k', 'second', 60)
    expect(await store.get('k')).toBe('second')
    await store.delete('k')
    expect(await store.get('k')).toBeUndefined()
    expect(await redis.keys()).toEqual([])
    await store.delete('k')
  })

  it('sets the ttl in Redis', async () => {
    const store = redisSessionStore(redis.client)
    await store.set('k', 'v', 604800)
    const ttl = await redis.ttl('taro-qq-run-data:session:k')
    expect(ttl).toBeGreaterThanOrEqual(604799)
    expect(ttl).toBeLessThanOrEqual(604800)
    await store.set('k', 'v', 2147483647)
    expect(await redis.ttl('taro-qq-run-data:session:k')).toBeGreaterThanOrEqual(2147483646)
  })

  it('lets Redis expire the key', async () => {
    const store = redisSessionStore(redis.client)
    await store.set('k', 'v', 1)
    expect(await store.get('k')).toBe('v')
    await new Promise((resolve) => setTimeout(resolve, 1100))
    expect(await store.get('k')).toBeUndefined()
    expect(await redis.keys()).toEqual([])
  })

  it('puts its prefix before every key', async () => {
    const mine = redisSessionStore(redis.client, { prefix: 'my-app:s:' })
    const bare = redisSessionStore(redis.client, { prefix: '' })
    await mine.set('k', 'mine', 60)
    await bare.set('k', 'bare', 60)
    expect((await redis.keys()).sort()).toEqual(['k', 'my-app:s:k'])
    expect([await mine.get('k'), await bare.get('k'), await redisSessionStore(redis.client).get('k')]).toEqual(['mine', 'bare', undefined])
    await mine.delete('k')
    expect(await redis.keys()).toEqual(['k'])
  })

  it('rejects a bad ttl and stores nothing', async () => {
    const store = redisSessionStore(redis.client)
    await expect(store.set('k', 'v', 0)).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message: 'redisSessionStore().set: ttlSeconds should be an integer from 1 to 2147483647 instead of 0',
    })
    expect(await redis.keys()).toEqual([])
  })

  it('keeps sessions that other stores on the same Redis read, under the SHA-256 of the token', async () => {
    const other = await connect(server.url)
    try {
      const token = await startSession(redisSessionStore(redis.client), QQ, 60)
      expect(await readSession(redisSessionStore(other.client), token)).toEqual(QQ)
      const keys = await redis.keys()
      expect(keys).toEqual([`taro-qq-run-data:session:${sha256(token)}`])
      expect(await redis.raw(keys[0]!)).toBe('{"platform":"qq","openid":"o-qq-1","sessionKey":"AAECAwQFBgcICQoLDA0ODw=="}')
      expect(await redis.ttl(keys[0]!)).toBeGreaterThanOrEqual(59)
      await endSession(redisSessionStore(other.client), token)
      expect(await readSession(redisSessionStore(redis.client), token)).toBeUndefined()
    } finally {
      await other.quit()
    }
  })
})

describe('redisSessionStore', () => {
  // The published declarations are made from these files: an import here, even of types only,
  // would break the types of an app that has neither package.
  it('imports no Redis package, not even for its types', () => {
    const dir = join(__dirname, '../../src/server')
    const imports = readdirSync(dir)
      .filter((file) => file.endsWith('.ts'))
      // Comments go first: the JSDoc examples import the packages as a user would.
      .map((file) => readFileSync(join(dir, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, ''))
      .flatMap((code) => [...code.matchAll(/^\s*(?:import|export)\b[^'";]*?\sfrom\s+['"]([^'"]+)['"]/gm)])
      .map((match) => match[1])
    expect(imports.filter((specifier) => /^(@redis\/|redis$|ioredis$)/.test(specifier!))).toEqual([])
    expect(imports).toContain('./session-store')
  })

  it('reads a value that a node-redis client maps to a Buffer', async () => {
    const client = createClient({ url: server.url }).withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer })
    client.on('error', () => {})
    await client.connect()
    try {
      const store = redisSessionStore(client)
      await store.set('buffer', '{"会话":"✓"}', 60)
      expect(await client.get('taro-qq-run-data:session:buffer')).toBeInstanceOf(Buffer)
      expect(await store.get('buffer')).toBe('{"会话":"✓"}')
      await store.delete('buffer')
    } finally {
      await client.close()
    }
  })

  const refusal = (run: () => unknown) => {
    try {
      run()
    } catch (error) {
      return { code: (error as RunDataError).code, message: (error as Error).message }
    }
    throw new Error('did not throw')
  }
  const nodeRedisShape = { isOpen: true, get: async () => null, set: async () => 'OK', del: async () => 0 }
  const CLIENT = 'a client of redis (v4 or later) or ioredis (v5 or later)'

  it.each([
    ['nothing', undefined, 'Undefined'],
    ['null', null, 'Null'],
    ['a URL', 'redis://127.0.0.1:6379', 'String'],
    ['an array', [], 'Array'],
    ['an object with get, set and del alone', { get() {}, set() {}, del() {} }, 'Object'],
    ['a node-redis shape without del', { ...nodeRedisShape, del: undefined }, 'Object'],
    ['an ioredis shape without set', { getBuffer() {}, get() {}, del() {} }, 'Object'],
  ])('refuses %s as the client', (_, client, shown) => {
    expect(refusal(() => redisSessionStore(client as never))).toEqual({
      code: 'INVALID_OPTION',
      message: `redisSessionStore: client should be ${CLIENT} instead of ${shown}`,
    })
  })

  it.each([
    [null, 'redisSessionStore: options should be Object instead of Null'],
    [{ prefix: 7 }, 'redisSessionStore: options.prefix should be String instead of Number'],
    [{ prefix: 'p'.repeat(257) }, 'redisSessionStore: options.prefix has 257 characters; it should have at most 256'],
    [{ prefx: 'a:' }, "redisSessionStore: unknown option 'prefx'; did you mean 'prefix'?"],
    [{ ttl: 60 }, "redisSessionStore: unknown option 'ttl'"],
  ])('refuses the options %p', (options, message) => {
    expect(refusal(() => redisSessionStore(nodeRedisShape, options as never))).toEqual({ code: 'INVALID_OPTION', message })
  })

  it('accepts a prefix of 256 characters', () => {
    expect(() => redisSessionStore(nodeRedisShape, { prefix: 'p'.repeat(256) })).not.toThrow()
  })
})

// Last: it stops the server.
describe.each(FLAVOURS)('sessions in Redis through a %s client, when Redis stops', (_, connect) => {
  it('is STORE_UNAVAILABLE at once while Redis is down, and works again when it is back, with the same store', async () => {
    const redis = await connect(server.url)
    try {
      const store = redisSessionStore(redis.client)
      const before = await startSession(store, QQ, 60)
      expect(await readSession(store, before)).toEqual(QQ)

      await server.stop()
      // Bounded here only so that a client that queued would fail the test instead of hanging it.
      const calls: (() => Promise<unknown>)[] = [() => startSession(store, QQ, 60), () => readSession(store, before), () => endSession(store, before)]
      for (const call of calls) {
        const error = await withinTime(call(), 2000).then(
          () => undefined,
          (error: RunDataError) => error,
        )
        expect(error).toMatchObject({ name: 'RunDataError', code: 'STORE_UNAVAILABLE' })
        expect(error!.message).toMatch(/^the session store failed( \(\w+\))?; retry later$/)
      }

      await server.start()
      const deadline = Date.now() + 10_000
      while (!(await redis.ping().then(() => true, () => false))) {
        if (Date.now() > deadline) throw new Error('the client did not reconnect within 10 s')
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      const after = await startSession(store, QQ, 60)
      expect(await readSession(store, after)).toEqual(QQ)
      // Nothing was persisted: the session started before the restart is gone, not broken.
      expect(await readSession(store, before)).toBeUndefined()
    } finally {
      await server.start()
      await redis.quit()
    }
  })
})
