import { detectPlatform } from 'taro-qq-run-data'
import { decryptRunData, toDailySteps } from '../../src/server'
import { mockQQRuntime, mockWeChatRuntime } from '../../src/testing'
import { JUNE_1 } from '../fixtures/run-data'
import { callNative, fixClock, installing, NOW } from './helpers'

const { install, installed: mocks } = installing(mockWeChatRuntime)

const g = globalThis as Record<string, unknown>

describe('mockWeChatRuntime', () => {
  it('installs wx and TARO_ENV weapp, and takes them away on restore', () => {
    install()
    expect(typeof g.wx).toBe('object')
    expect('qq' in g).toBe(false)
    expect(process.env.TARO_ENV).toBe('weapp')
    expect(detectPlatform()).toBe('weapp')
    mocks.pop()!.restore()
    expect('wx' in g).toBe(false)
    expect('TARO_ENV' in process.env).toBe(false)
  })

  it('answers wx.login with its code and wx.getWeRunData with really encrypted data and a cloudID', async () => {
    fixClock()
    const runtime = install({ steps: [7, 8] })
    expect(await callNative('wx', 'login')).toEqual({ ok: true, res: { errMsg: 'login:ok', code: runtime.loginCode } })
    const { ok, res } = await callNative('wx', 'getWeRunData')
    expect(ok).toBe(true)
    expect(Object.keys(res).sort()).toEqual(['cloudID', 'encryptedData', 'errMsg', 'iv'])
    expect(res).toMatchObject({ errMsg: 'getWeRunData:ok', cloudID: runtime.cloudID })
    expect(runtime.cloudID).toMatch(/^mock-cloud-id-[0-9a-f]{16}$/)
    const { encryptedData, iv } = res as { encryptedData: string; iv: string }
    expect(decryptRunData({ encryptedData, iv, sessionKey: runtime.sessionKey, appId: runtime.appId, requireWatermark: true })).toEqual({
      stepInfoList: [
        { timestamp: 1717084800, step: 7 },
        { timestamp: JUNE_1, step: 8 },
      ],
      watermark: { appid: 'wx4f4bc4dec97d474b', timestamp: NOW },
    })
    expect(runtime.calls).toEqual({ login: 1, checkSession: 0, request: 0, getWeRunData: 1 })
  })

  it('gives 31 plausible days ending today, each at 00:00 UTC+8, for a WeChat appid, watermarked now', () => {
    fixClock()
    const runtime = install()
    expect(runtime.appId).toBe('wx4f4bc4dec97d474b')
    expect(runtime.openid).toMatch(/^o[A-Za-z0-9_-]{27}$/)
    const list = runtime.expected.stepInfoList
    expect(list).toHaveLength(31)
    expect(list[0]!.timestamp).toBe(1714579200) // 2024-05-02 00:00 UTC+8
    expect(list[30]!.timestamp).toBe(JUNE_1)
    expect(runtime.expected.watermark).toEqual({ appid: 'wx4f4bc4dec97d474b', timestamp: NOW })
    expect(toDailySteps(list).map(({ date }) => date).slice(-2)).toEqual(['2024-05-31', '2024-06-01'])
  })

  it('takes the same options as mockQQRuntime', async () => {
    fixClock()
    const sessionKey = Buffer.alloc(16, 9).toString('base64')
    const runtime = install({ appId: 'wx0123456789abcdef', sessionKey, loginCode: 'wx-code', steps: [7, 8], watermark: false })
    expect(runtime).toMatchObject({ appId: 'wx0123456789abcdef', sessionKey, loginCode: 'wx-code' })
    expect(runtime.expected).toEqual({ stepInfoList: [{ timestamp: 1717084800, step: 7 }, { timestamp: JUNE_1, step: 8 }] })
    const { res } = await callNative('wx', 'getWeRunData')
    const { encryptedData, iv } = res as { encryptedData: string; iv: string }
    expect(decryptRunData({ encryptedData, iv, sessionKey, appId: 'wx0123456789abcdef' })).toEqual({
      stepInfoList: [
        { timestamp: 1717084800, step: 7 },
        { timestamp: JUNE_1, step: 8 },
      ],
    })
  })

  it.each<[Parameters<typeof mockWeChatRuntime>[0], object]>([
    [{ respond: 'deny' }, { errMsg: 'getWeRunData:fail auth deny' }],
    [{ respond: { fail: { errMsg: 'getWeRunData:fail system error', errCode: 1 } } }, { errMsg: 'getWeRunData:fail system error', errCode: 1 }],
  ])('fails with %p', async (options, res) => {
    install(options)
    expect(await callNative('wx', 'getWeRunData')).toEqual({ ok: false, res })
  })

  it('answers after delay, and never with respond: never', async () => {
    jest.useFakeTimers()
    try {
      install({ delay: 300, respond: 'never' })
      const login = callNative('wx', 'login')
      let answered = false
      void callNative('wx', 'getWeRunData').then(() => (answered = true))
      await jest.advanceTimersByTimeAsync(299)
      expect(jest.getTimerCount()).toBe(1)
      await jest.advanceTimersByTimeAsync(1)
      await expect(login).resolves.toMatchObject({ ok: true })
      await jest.advanceTimersByTimeAsync(10000)
      expect(answered).toBe(false)
    } finally {
      jest.useRealTimers()
    }
  })

  it('shares the one-mock rule with mockQQRuntime', () => {
    install()
    expect(() => mockQQRuntime()).toThrow(new TypeError('mockQQRuntime: a mock runtime is already installed; call restore() on it before installing another'))
    mocks.pop()!.restore()
    const qq = mockQQRuntime()
    try {
      expect(() => mockWeChatRuntime()).toThrow(new TypeError('mockWeChatRuntime: a mock runtime is already installed; call restore() on it before installing another'))
    } finally {
      qq.restore()
    }
  })

  it.each<[unknown, string]>([
    [null, 'mockWeChatRuntime: options should be Object instead of Null'],
    [{ appId: '' }, 'mockWeChatRuntime: options.appId should be a non-empty String instead of an empty String'],
    [{ respond: 'refuse' }, "mockWeChatRuntime: options.respond should be 'success', 'deny', 'never' or { fail: { errMsg, errCode? } }"],
    [{ watermark: 0 }, 'mockWeChatRuntime: options.watermark should be Boolean instead of Number'],
    [{ steps: [-1] }, 'mockWeChatRuntime: options.steps should hold integers >= 0 (a list of daily step counts, or of { timestamp, step } entries)'],
  ])('rejects the options %p with a TypeError, installing nothing', (options, message) => {
    expect(() => mockWeChatRuntime(options as never)).toThrow(new TypeError(message))
    expect('wx' in g).toBe(false)
  })
})
