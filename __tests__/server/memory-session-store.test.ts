import fc from 'fast-check'
import { memorySessionStore, type RunDataError } from '../../src/server'

const T0 = Date.parse('2024-06-01T00:00:00Z')
let now = T0
beforeEach(() => {
  now = T0
  jest.spyOn(Date, 'now').mockImplementation(() => now)
})
afterEach(() => jest.restoreAllMocks())

const refusal = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    return { code: (error as RunDataError).code, message: (error as Error).message }
  }
  throw new Error('did not throw')
}

describe('memorySessionStore', () => {
  it('gives back what was set, replaces it, and forgets it when deleted', async () => {
    const store = memorySessionStore()
    expect(await store.get('a')).toBeUndefined()
    await store.set('a', 'one', 60)
    expect(await store.get('a')).toBe('one')
    await store.set('a', 'two', 60)
    expect(await store.get('a')).toBe('two')
    await store.delete('a')
    expect(await store.get('a')).toBeUndefined()
    await store.delete('a')
    expect(await store.get('a')).toBeUndefined()
  })

  it('keeps an entry for ttlSeconds and never returns it after', async () => {
    const store = memorySessionStore()
    await store.set('a', 'one', 60)
    now = T0 + 59_999
    expect(await store.get('a')).toBe('one')
    now = T0 + 60_000
    expect(await store.get('a')).toBeUndefined()
    // Once gone, it stays gone even if the clock goes back.
    now = T0
    expect(await store.get('a')).toBeUndefined()
  })

  it('counts the ttl from the last set', async () => {
    const store = memorySessionStore()
    await store.set('a', 'one', 60)
    now = T0 + 50_000
    await store.set('a', 'two', 60)
    now = T0 + 100_000
    expect(await store.get('a')).toBe('two')
    now = T0 + 110_000
    expect(await store.get('a')).toBeUndefined()
  })

  it('keeps 10000 entries by default, then evicts the one set longest ago', async () => {
    const store = memorySessionStore()
    for (let i = 0; i < 10_000; i++) await store.set(`k${i}`, `v${i}`, 60)
    expect(await store.get('k0')).toBe('v0')
    await store.set('k10000', 'v10000', 60)
    expect(await store.get('k0')).toBeUndefined()
    expect(await store.get('k1')).toBe('v1')
    expect(await store.get('k10000')).toBe('v10000')
  })

  it('evicts in the order of the last set, not of the first', async () => {
    const store = memorySessionStore({ maxEntries: 3 })
    await store.set('a', '1', 60)
    await store.set('b', '2', 60)
    await store.set('c', '3', 60)
    await store.set('a', '1 again', 60)
    await store.set('d', '4', 60)
    expect([await store.get('a'), await store.get('b'), await store.get('c'), await store.get('d')]).toEqual(['1 again', undefined, '3', '4'])
    await store.set('e', '5', 60)
    expect([await store.get('a'), await store.get('c'), await store.get('d'), await store.get('e')]).toEqual(['1 again', undefined, '4', '5'])
  })

  it('replacing an entry of a full store evicts nothing', async () => {
    const store = memorySessionStore({ maxEntries: 2 })
    await store.set('a', '1', 60)
    await store.set('b', '2', 60)
    await store.set('b', '3', 60)
    expect([await store.get('a'), await store.get('b')]).toEqual(['1', '3'])
  })

  it('never holds more than maxEntries, and always the ones set last', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 40 }), async (maxEntries, keys) => {
        const store = memorySessionStore({ maxEntries })
        for (const [i, key] of keys.entries()) await store.set(`k${key}`, `v${i}`, 60)
        // The model: the distinct keys in the order of their last set, the newest maxEntries kept.
        const order = [...new Map(keys.map((key, i) => [key, i])).entries()].sort((a, b) => a[1] - b[1])
        const kept = new Map(order.slice(-maxEntries).map(([key, i]) => [`k${key}`, `v${i}`]))
        for (let key = 0; key <= 12; key++) expect(await store.get(`k${key}`)).toBe(kept.get(`k${key}`))
      }),
    )
  })

  it.each([
    [{ maxEntries: 0 }, "memorySessionStore: options.maxEntries should be an integer >= 1 instead of 0"],
    [{ maxEntries: 1.5 }, "memorySessionStore: options.maxEntries should be an integer >= 1 instead of 1.5"],
    [{ maxEntries: Infinity }, "memorySessionStore: options.maxEntries should be an integer >= 1 instead of Infinity"],
    [{ maxEntries: '10' }, "memorySessionStore: options.maxEntries should be an integer >= 1 instead of String"],
    [{ maxEntry: 10 }, "memorySessionStore: unknown option 'maxEntry'"],
    [{ maxentries: 10 }, "memorySessionStore: unknown option 'maxentries'; did you mean 'maxEntries'?"],
    [{ maxEntires: 10 }, "memorySessionStore: unknown option 'maxEntires'; did you mean 'maxEntries'?"],
    [{ ttl: 10 }, "memorySessionStore: unknown option 'ttl'"],
    [null, 'memorySessionStore: options should be Object instead of Null'],
    [[], 'memorySessionStore: options should be Object instead of Array'],
  ])('refuses the options %p', (options, message) => {
    expect(refusal(() => memorySessionStore(options as never))).toEqual({ code: 'INVALID_OPTION', message })
  })

  it.each([
    [0, '0'],
    [-1, '-1'],
    [1.5, '1.5'],
    [NaN, 'NaN'],
    [2147483648, '2147483648'],
    ['60', 'String'],
  ])('rejects a ttlSeconds of %p and stores nothing', async (ttl, shown) => {
    const store = memorySessionStore()
    await expect(store.set('a', 'one', ttl as number)).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message: `memorySessionStore().set: ttlSeconds should be an integer from 1 to 2147483647 instead of ${shown}`,
    })
    expect(await store.get('a')).toBeUndefined()
  })

  it('accepts the longest ttl', async () => {
    const store = memorySessionStore()
    await store.set('a', 'one', 2147483647)
    now = T0 + 2147483646_000
    expect(await store.get('a')).toBe('one')
  })

  it('keeps separate stores apart', async () => {
    const one = memorySessionStore()
    const two = memorySessionStore()
    await one.set('a', 'one', 60)
    expect(await two.get('a')).toBeUndefined()
  })
})
