import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { memorySessionStore, type SessionStore } from '../../src/server'
import { DEFAULT_SESSION_TTL_SECONDS, endSession, readSession, startSession, withinTime, type SessionRecord } from '../../src/server/sessions'

const SESSION_KEY = 'AAECAwQFBgcICQoLDA0ODw==' // 00 01 … 0f
const QQ: SessionRecord = { platform: 'qq', openid: 'o-qq-1', sessionKey: SESSION_KEY }
const WECHAT: SessionRecord = { platform: 'weapp', openid: 'o-wx-1', unionid: 'u-1', sessionKey: SESSION_KEY }
const TOKEN = /^[A-Za-z0-9_-]{43}$/
const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url')

/** A memory store that records every call it gets. */
function recording() {
  const store = memorySessionStore()
  const calls: [string, ...unknown[]][] = []
  const recorded: SessionStore = {
    get: (key) => (calls.push(['get', key]), store.get(key)),
    set: (key, value, ttl) => (calls.push(['set', key, value, ttl]), store.set(key, value, ttl)),
    delete: (key) => (calls.push(['delete', key]), store.delete(key)),
  }
  return { store: recorded, calls }
}

/** A store whose every method fails with `error`, thrown or rejected. */
const failing = (fail: () => never): SessionStore => ({ get: fail, set: fail, delete: fail })
const rejecting = (error: unknown): SessionStore => failing(() => Promise.reject(error) as never)

describe('sessions', () => {
  it('starts a session whose token reads back the record', async () => {
    const store = memorySessionStore()
    const token = await startSession(store, WECHAT, 60)
    expect(await readSession(store, token)).toEqual({ platform: 'weapp', openid: 'o-wx-1', unionid: 'u-1', sessionKey: SESSION_KEY })
    const qq = await startSession(store, QQ, 60)
    expect(await readSession(store, qq)).toEqual({ platform: 'qq', openid: 'o-qq-1', sessionKey: SESSION_KEY })
  })

  it('gives tokens of 43 base64url characters (32 bytes), all distinct', async () => {
    const store = memorySessionStore()
    const tokens = await Promise.all(Array.from({ length: 200 }, () => startSession(store, QQ, 60)))
    for (const token of tokens) expect(token).toMatch(TOKEN)
    expect(Buffer.from(tokens[0]!, 'base64url')).toHaveLength(32)
    expect(new Set(tokens).size).toBe(200)
  })

  it('stores the record under the SHA-256 of the token, never the token itself', async () => {
    const { store, calls } = recording()
    const token = await startSession(store, WECHAT, 604800)
    expect(calls).toEqual([
      ['set', sha256(token), '{"platform":"weapp","openid":"o-wx-1","unionid":"u-1","sessionKey":"AAECAwQFBgcICQoLDA0ODw=="}', 604800],
    ])
    await readSession(store, token)
    await endSession(store, token)
    expect(calls.slice(1)).toEqual([
      ['get', sha256(token)],
      ['delete', sha256(token)],
    ])
    expect(JSON.stringify(calls)).not.toContain(token)
  })

  it('stores only the fields of a record', async () => {
    const { store, calls } = recording()
    await startSession(store, { ...QQ, unionid: undefined, extra: 'x' } as SessionRecord, 60)
    expect(calls[0]![2]).toBe('{"platform":"qq","openid":"o-qq-1","sessionKey":"AAECAwQFBgcICQoLDA0ODw=="}')
  })

  it('ends a session', async () => {
    const store = memorySessionStore()
    const token = await startSession(store, QQ, 60)
    await endSession(store, token)
    expect(await readSession(store, token)).toBeUndefined()
    await endSession(store, token)
  })

  it('reads nothing once the session has expired', async () => {
    let now = Date.parse('2024-06-01T00:00:00Z')
    jest.spyOn(Date, 'now').mockImplementation(() => now)
    try {
      const store = memorySessionStore()
      const token = await startSession(store, QQ, 60)
      now += 59_000
      expect(await readSession(store, token)).toEqual(QQ)
      now += 1_000
      expect(await readSession(store, token)).toBeUndefined()
    } finally {
      jest.restoreAllMocks()
    }
  })

  it('lasts 7 days by default', () => {
    expect(DEFAULT_SESSION_TTL_SECONDS).toBe(604800)
  })

  it.each([
    ['an unknown token', 'A'.repeat(43)],
    ['a token one character short', 'A'.repeat(42)],
    ['a token one character long', 'A'.repeat(44)],
    ['a padded token', `${'A'.repeat(42)}=`],
    ['a token in standard base64', `${'A'.repeat(42)}+`],
    ['an empty token', ''],
    ['a number', 42],
    ['null', null],
    ['an object', { token: 'A'.repeat(43) }],
  ])('reads nothing for %s', async (_, token) => {
    const { store } = recording()
    await startSession(store, QQ, 60)
    expect(await readSession(store, token)).toBeUndefined()
  })

  it('asks the store nothing for a token not shaped like ours', async () => {
    const { store, calls } = recording()
    for (const token of ['A'.repeat(42), `${'A'.repeat(42)}=`, 'x'.repeat(10_000), 7, undefined]) {
      await readSession(store, token)
      await endSession(store, token)
    }
    expect(calls).toEqual([])
  })

  it('asks the store nothing for any string not shaped like a token', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 60 }).filter((s) => !TOKEN.test(s)),
        async (token) => {
          const { store, calls } = recording()
          expect(await readSession(store, token)).toBeUndefined()
          await endSession(store, token)
          expect(calls).toEqual([])
        },
      ),
    )
  })

  describe('with garbage in the store', () => {
    const record = (fields: Record<string, unknown>) => JSON.stringify({ ...QQ, ...fields })
    it.each([
      ['not JSON', '{"platform":'],
      ['JSON null', 'null'],
      ['a JSON string', '"qq"'],
      ['a JSON array', '["qq","o","k"]'],
      ['an unknown platform', record({ platform: 'alipay' })],
      ['no platform', record({ platform: undefined })],
      ['an empty openid', record({ openid: '' })],
      ['a numeric openid', record({ openid: 7 })],
      ['an empty unionid', record({ unionid: '' })],
      ['a null unionid', record({ unionid: null })],
      ['no sessionKey', record({ sessionKey: undefined })],
      ['a sessionKey of 15 bytes', record({ sessionKey: 'AAECAwQFBgcICQoLDA0O' })],
      ['a sessionKey in base64url', record({ sessionKey: 'AAECAwQFBgcICQoLDA0O_w==' })],
      ['a value of 4097 characters', record({ openid: 'o'.repeat(4097) })],
    ])('reads nothing for a value that is %s', async (_, value) => {
      const store = memorySessionStore()
      const token = await startSession(store, QQ, 60)
      await store.set(sha256(token), value, 60)
      expect(await readSession(store, token)).toBeUndefined()
    })

    it('reads back a value of 4096 characters', async () => {
      const store = memorySessionStore()
      const token = await startSession(store, QQ, 60)
      const openid = 'o'.repeat(4096 - record({ openid: '' }).length)
      await store.set(sha256(token), record({ openid }), 60)
      expect(await readSession(store, token)).toEqual({ ...QQ, openid })
    })

    it('reads nothing for a value that is not a string', async () => {
      for (const value of [null, 42, { platform: 'qq' }, Buffer.from(JSON.stringify(QQ))]) {
        const store: SessionStore = { get: async () => value as never, set: async () => {}, delete: async () => {} }
        expect(await readSession(store, 'A'.repeat(43))).toBeUndefined()
      }
    })

    it('never throws, whatever the stored value', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ ...QQ, sessionKey: v }))), async (value) => {
          const store: SessionStore = { get: async () => value, set: async () => {}, delete: async () => {} }
          const read = await readSession(store, 'A'.repeat(43))
          expect(read === undefined || read.sessionKey === SESSION_KEY).toBe(true)
        }),
      )
    })
  })

  describe('with a store that fails', () => {
    const token = 'A'.repeat(43)
    const unavailable = (detail: string) => ({ name: 'RunDataError', code: 'STORE_UNAVAILABLE', message: `the session store failed${detail}; retry later` })
    const secret = `${SESSION_KEY} ${sha256(token)} ${token}`

    it.each([
      ['rejects with an Error', rejecting(new Error(secret)), ' (Error)'],
      ['rejects with a named error', rejecting(Object.assign(new Error(secret), { name: 'ClientClosedError', command: { args: [sha256(token), secret] } })), ' (ClientClosedError)'],
      ['rejects with an odd name', rejecting(Object.assign(new Error(secret), { name: secret })), ''],
      ['rejects with a string', rejecting(secret), ''],
      ['rejects with undefined', rejecting(undefined), ''],
      ['rejects with null', rejecting(null), ''],
      ['throws', failing(() => { throw new TypeError(secret) }), ' (TypeError)'],
      ['has no methods', {} as SessionStore, ' (TypeError)'],
    ])('is STORE_UNAVAILABLE from every function when the store %s, saying nothing of the key', async (_, store, detail) => {
      const results = await Promise.allSettled([startSession(store, QQ, 60), readSession(store, token), endSession(store, token)])
      for (const result of results) {
        expect(result).toMatchObject({ status: 'rejected', reason: unavailable(detail) })
        const reason = (result as PromiseRejectedResult).reason as Error
        expect(Object.keys(reason)).toEqual(['code'])
        for (const part of secret.split(' ')) expect(`${reason.message} ${JSON.stringify(reason)} ${reason.stack}`).not.toContain(part)
      }
    })

    it('passes the store\'s own RunDataError through', async () => {
      const store = memorySessionStore()
      await expect(startSession(store, QQ, 0)).rejects.toMatchObject({
        code: 'INVALID_OPTION',
        message: 'memorySessionStore().set: ttlSeconds should be an integer from 1 to 2147483647 instead of 0',
      })
    })
  })

  describe('withinTime', () => {
    afterEach(() => jest.useRealTimers())

    it('settles as the promise does when it is in time', async () => {
      jest.useFakeTimers()
      await expect(withinTime(Promise.resolve('ok'), 100)).resolves.toBe('ok')
      await expect(withinTime(Promise.reject(new Error('no')), 100)).rejects.toThrow('no')
      expect(jest.getTimerCount()).toBe(0)
    })

    it('rejects with STORE_UNAVAILABLE after ms when the promise has not settled', async () => {
      jest.useFakeTimers()
      const late = withinTime(new Promise(() => {}), 250)
      const settled = jest.fn()
      late.then(settled, settled)
      await jest.advanceTimersByTimeAsync(249)
      expect(settled).not.toHaveBeenCalled()
      await jest.advanceTimersByTimeAsync(1)
      await expect(late).rejects.toMatchObject({
        name: 'RunDataError',
        code: 'STORE_UNAVAILABLE',
        message: 'the session store did not answer within 250 ms; retry later',
      })
    })

    it('bounds a store that never answers', async () => {
      jest.useFakeTimers()
      const hanging: SessionStore = { get: () => new Promise(() => {}), set: () => new Promise(() => {}), delete: () => new Promise(() => {}) }
      const read = withinTime(readSession(hanging, 'A'.repeat(43)), 1000)
      read.catch(() => {})
      await jest.advanceTimersByTimeAsync(1000)
      await expect(read).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' })
    })
  })
})
