import { detectPlatform, getQQRunData, isNotSupported, loginAndGetQQRunData } from 'taro-qq-run-data'
import { decryptRunData, toDailySteps } from '../../src/server'
import { mockQQRuntime } from '../../src/testing'
import { JUNE_1 } from '../fixtures/run-data'
import { fixClock, installing, NOW } from './helpers'

const { install, installed: mocks } = installing(mockQQRuntime)

const g = globalThis as Record<string, unknown>

describe('mockQQRuntime', () => {
  it('lets the client code and the server code be tested together', async () => {
    fixClock()
    const runtime = install({ steps: [100, 200] })
    const { code, encryptedData, iv } = await loginAndGetQQRunData()
    expect(code).toBe(runtime.loginCode)
    const data = decryptRunData({ encryptedData, iv, sessionKey: runtime.sessionKey, appId: runtime.appId })
    expect(data).toEqual({
      stepInfoList: [
        { timestamp: 1717084800, step: 100 },
        { timestamp: JUNE_1, step: 200 },
      ],
      watermark: { appid: '1109876543', timestamp: NOW },
    })
    expect(runtime.calls).toEqual({ login: 1, checkSession: 0, request: 0, getQQRunData: 1 })
  })

  it('gives 30 plausible days ending today in Shanghai by default, each at 00:00 UTC+8', () => {
    fixClock()
    const list = install().expected.stepInfoList
    expect(list).toHaveLength(30)
    expect(list[0]!.timestamp).toBe(1714665600) // 2024-05-03 00:00 UTC+8
    expect(list[28]!.timestamp).toBe(1717084800) // 2024-05-31 00:00 UTC+8
    expect(list[29]!.timestamp).toBe(JUNE_1)
    for (const { step } of list) {
      expect(Number.isInteger(step)).toBe(true)
      expect(step).toBeGreaterThanOrEqual(0)
      expect(step).toBeLessThan(40000)
    }
    const days = toDailySteps(list)
    expect(days[0]!.date).toBe('2024-05-03')
    expect(days.at(-1)!.date).toBe('2024-06-01')
  })

  it('takes step counts for the days ending today, oldest first', () => {
    fixClock()
    expect(install({ steps: [100, 200, 300] }).expected.stepInfoList).toEqual([
      { timestamp: 1716998400, step: 100 },
      { timestamp: 1717084800, step: 200 },
      { timestamp: 1717171200, step: 300 },
    ])
  })

  it('takes entries as they are', () => {
    const steps = [{ timestamp: 1717171200, step: 5 }]
    expect(install({ steps }).expected.stepInfoList).toEqual(steps)
  })

  it('uses the given appId, session key and login code, and watermarks the data with now', async () => {
    fixClock()
    const sessionKey = Buffer.alloc(16, 7).toString('base64')
    const runtime = install({ appId: '1112223334', sessionKey, loginCode: 'the-code', steps: [5] })
    expect(runtime).toMatchObject({ appId: '1112223334', sessionKey, loginCode: 'the-code' })
    expect(runtime.expected.watermark).toEqual({ appid: '1112223334', timestamp: NOW })
    const { encryptedData, iv } = await getQQRunData()
    expect(decryptRunData({ encryptedData, iv, sessionKey, appId: '1112223334', maxAgeSeconds: 60, requireWatermark: true })).toEqual({
      stepInfoList: [{ timestamp: JUNE_1, step: 5 }],
      watermark: { appid: '1112223334', timestamp: NOW },
    })
  })

  it('leaves the watermark out with watermark: false, as QQ documents run data', async () => {
    fixClock()
    const runtime = install({ steps: [5], watermark: false })
    expect(runtime.expected).toEqual({ stepInfoList: [{ timestamp: JUNE_1, step: 5 }] })
    const { encryptedData, iv } = await getQQRunData()
    expect(decryptRunData({ encryptedData, iv, sessionKey: runtime.sessionKey, appId: runtime.appId })).toEqual({
      stepInfoList: [{ timestamp: JUNE_1, step: 5 }],
    })
  })

  it("refuses with QQ's native errMsg with respond: 'deny', as after the user refused scope.qqrun", async () => {
    const runtime = install({ respond: 'deny' })
    const log: unknown[] = []
    const qq = g.qq as { getQQRunData(callbacks: object): void }
    await new Promise((complete) => qq.getQQRunData({ fail: (res: unknown) => log.push(res), complete }))
    expect(log).toEqual([{ errMsg: 'getQQRunData:fail auth deny' }])
    await expect(getQQRunData()).rejects.toEqual({ errMsg: 'getQQRunData:fail auth deny' })
    expect(runtime.calls).toEqual({ login: 0, checkSession: 0, request: 0, getQQRunData: 2 })
  })

  it('installs the same fake as wx beside qq with wxAlias, and takes both away on restore', async () => {
    const runtime = install({ wxAlias: true })
    expect(g.wx).toBe(g.qq)
    expect(detectPlatform()).toBe('qq')
    await getQQRunData()
    expect(runtime.calls.getQQRunData).toBe(1)
    mocks.pop()!.restore()
    expect('qq' in g || 'wx' in g).toBe(false)
  })

  it('encrypts with a new iv on every call, like QQ', async () => {
    install()
    const first = await getQQRunData()
    const second = await getQQRunData()
    expect(first.iv).not.toBe(second.iv)
  })

  it('answers asynchronously, success then complete, after delay', async () => {
    jest.useFakeTimers()
    install({ delay: 500 })
    const log: string[] = []
    const promise = getQQRunData({ success: () => log.push('success'), complete: () => log.push('complete') })
    await jest.advanceTimersByTimeAsync(499)
    expect(log).toEqual([])
    await jest.advanceTimersByTimeAsync(1)
    await promise
    expect(log).toEqual(['success', 'complete'])
  })

  it('can fail with the result it is given', async () => {
    install({ respond: { fail: { errMsg: 'getQQRunData:fail auth deny', errCode: -12006 } } })
    await expect(getQQRunData()).rejects.toEqual({ errMsg: 'getQQRunData:fail auth deny', errCode: -12006 })
  })

  it('can never answer, to test timeouts', async () => {
    const runtime = install({ respond: 'never' })
    await expect(getQQRunData({ timeout: 20 })).rejects.toEqual({ errMsg: 'getQQRunData:fail timeout' })
    expect(runtime.calls.getQQRunData).toBe(1)
  })

  it.each([
    ['weapp', 'wx'],
    ['alipay', 'my'],
    ['swan', 'swan'],
    ['tt', 'tt'],
    ['jd', 'jd'],
  ] as const)('pretends to be %s with the %s global, where the call is not supported', async (platform, name) => {
    install({ platform })
    expect(typeof g[name]).toBe('object')
    expect(g.qq).toBeUndefined()
    expect(detectPlatform()).toBe(platform)
    const failure = await getQQRunData().catch((reason: unknown) => reason)
    expect(isNotSupported(failure)).toBe(true)
    expect(failure).toEqual({ errMsg: `getQQRunData:fail not supported on ${platform}`, platform })
  })

  it.each(['h5', 'rn', 'harmony', 'harmony-hybrid', 'quickapp', 'ascf', 'unknown'] as const)(
    'pretends to be %s through TARO_ENV',
    async (platform) => {
      install({ platform })
      expect(detectPlatform()).toBe(platform)
      await expect(getQQRunData()).rejects.toEqual({ errMsg: `getQQRunData:fail not supported on ${platform}`, platform })
    },
  )

  it('wins over a TARO_ENV the test environment set', () => {
    process.env.TARO_ENV = 'h5'
    try {
      install()
      expect(detectPlatform()).toBe('qq')
    } finally {
      mocks.pop()!.restore()
      expect(process.env.TARO_ENV).toBe('h5')
      delete process.env.TARO_ENV
    }
  })
})

describe('restore()', () => {
  it('puts back the absence of the globals and of TARO_ENV', () => {
    expect('qq' in g).toBe(false)
    expect('TARO_ENV' in process.env).toBe(false)
    install().restore()
    expect('qq' in g).toBe(false)
    expect('TARO_ENV' in process.env).toBe(false)
  })

  it('puts back exactly what was there before', () => {
    const previous = { mine: true }
    Object.defineProperty(g, 'wx', { value: previous, configurable: true, writable: false, enumerable: false })
    process.env.TARO_ENV = 'weapp'
    try {
      install({ platform: 'weapp' }).restore()
      expect(Object.getOwnPropertyDescriptor(g, 'wx')).toEqual({
        value: previous,
        configurable: true,
        writable: false,
        enumerable: false,
      })
      expect(process.env.TARO_ENV).toBe('weapp')
    } finally {
      delete g.wx
      delete process.env.TARO_ENV
    }
  })

  it('is harmless when called twice', () => {
    const runtime = install()
    runtime.restore()
    const next = install({ platform: 'weapp' })
    runtime.restore()
    expect(typeof g.wx).toBe('object')
    next.restore()
    expect('wx' in g).toBe(false)
  })

  it('cancels the answers still on their way, so none lands after it', async () => {
    jest.useFakeTimers()
    const runtime = install({ delay: 2000 })
    const success = jest.fn()
    void getQQRunData({ success, timeout: 5000 }).catch(() => {})
    expect(runtime.calls.getQQRunData).toBe(1)
    mocks.pop()!.restore()
    expect(jest.getTimerCount()).toBe(1) // only the call's own timeout is left
    await jest.runAllTimersAsync()
    expect(success).not.toHaveBeenCalled()
  })

  it('lets another mock be installed afterwards', () => {
    install().restore()
    expect(() => install()).not.toThrow()
  })
})

describe('nesting', () => {
  it('refuses a second mock while one is installed, and leaves the first intact', async () => {
    const first = install({ loginCode: 'first' })
    expect(() => mockQQRuntime({ loginCode: 'second' })).toThrow(
      'mockQQRuntime: a mock runtime is already installed; call restore() on it before installing another',
    )
    expect((await loginAndGetQQRunData()).code).toBe('first')
    expect(first.calls.login).toBe(1)
  })
})

describe('bad options', () => {
  it.each<[unknown, RegExp]>([
    ['qq', /options should be Object instead of String/],
    [{ platform: 'wechat' }, /options.platform should be one of qq, weapp, .* instead of "wechat"/],
    [{ appId: '' }, /options.appId should be a non-empty String/],
    [{ appId: 1109876543 }, /options.appId should be a non-empty String instead of Number/],
    [{ loginCode: null }, /options.loginCode should be a non-empty String instead of Null/],
    [{ sessionKey: 'short' }, /options.sessionKey/],
    [{ steps: 'many' }, /options.steps should be Array instead of String/],
    [{ steps: [1, -2] }, /options.steps should hold integers >= 0/],
    [{ steps: [1.5] }, /options.steps should hold integers >= 0/],
    [{ steps: [{ timestamp: -1, step: 1 }] }, /options.steps\[0\].timestamp/],
    [{ respond: 'fail' }, /options.respond should be 'success', 'deny', 'never' or \{ fail: \{ errMsg, errCode\? \} \}/],
    [{ watermark: 'no' }, /^mockQQRuntime: options.watermark should be Boolean instead of String$/],
    [{ wxAlias: 1 }, /^mockQQRuntime: options.wxAlias should be Boolean instead of Number$/],
    [{ platform: 'weapp', wxAlias: true }, /^mockQQRuntime: options.wxAlias needs platform 'qq' \(QQ is the host with a wx alias\), not "weapp"$/],
    [{ respond: { fail: {} } }, /options.respond/],
    [{ delay: -1 }, /options.delay should be an integer from 0 to 2147483647/],
    [{ delay: 1.5 }, /options.delay/],
  ])('rejects %p with a clear TypeError, installing nothing', (options, message) => {
    expect(() => mockQQRuntime(options as never)).toThrow(message)
    expect(() => mockQQRuntime(options as never)).toThrow(TypeError)
    expect('qq' in g).toBe(false)
    expect(() => install()).not.toThrow()
    mocks.pop()!.restore()
  })
})
