// The client against the testing kit's mocks, as an app's own tests would run it: the data the
// client hands over decrypts to what the mock encrypted.
import { getRunData, getWeRunData, isAuthDenied, loginAndGetQQRunData, loginAndGetRunData } from 'taro-qq-run-data'
import { decryptRunData } from 'taro-qq-run-data/server'
import { mockQQRuntime, mockWeChatRuntime } from 'taro-qq-run-data/testing'
import { DAY, JUNE_1 } from '../fixtures/run-data'
import { fixClock, NOW } from '../testing/helpers'

let restore: (() => void) | undefined
afterEach(() => {
  restore?.()
  restore = undefined
  jest.restoreAllMocks()
})

describe('loginAndGetRunData against the mocks', () => {
  it('on WeChat resolves the platform, the login code, the data and its cloudID, and the data decrypts', async () => {
    fixClock()
    const runtime = mockWeChatRuntime({ steps: [8000, 12000] })
    restore = runtime.restore
    const { errMsg, platform, code, encryptedData, iv, cloudID } = await loginAndGetRunData({ timeout: 5000 })
    expect({ errMsg, platform, code, cloudID }).toEqual({
      errMsg: 'loginAndGetRunData:ok',
      platform: 'weapp',
      code: runtime.loginCode,
      cloudID: runtime.cloudID,
    })
    expect(decryptRunData({ encryptedData, iv, sessionKey: runtime.sessionKey, appId: runtime.appId })).toEqual({
      stepInfoList: [
        { timestamp: JUNE_1 - DAY, step: 8000 },
        { timestamp: JUNE_1, step: 12000 },
      ],
      watermark: { appid: 'wx4f4bc4dec97d474b', timestamp: NOW },
    })
    expect(runtime.calls).toEqual({ login: 1, checkSession: 0, request: 0, getWeRunData: 1 })
  })

  it('inside QQ with its wx alias uses qq, and getWeRunData is not supported there', async () => {
    fixClock()
    const runtime = mockQQRuntime({ wxAlias: true, steps: [5000] })
    restore = runtime.restore
    const { platform, code, encryptedData, iv } = await loginAndGetRunData()
    expect({ platform, code }).toEqual({ platform: 'qq', code: runtime.loginCode })
    expect(decryptRunData({ encryptedData, iv, sessionKey: runtime.sessionKey, appId: runtime.appId })).toEqual({
      stepInfoList: [{ timestamp: JUNE_1, step: 5000 }],
      watermark: { appid: '1109876543', timestamp: NOW },
    })
    await expect(getWeRunData()).rejects.toEqual({ errMsg: 'getWeRunData:fail not supported on qq', platform: 'qq' })
    expect(runtime.calls).toEqual({ login: 1, checkSession: 0, request: 0, getQQRunData: 1 })
  })
})

describe('a refused scope, as the mocks answer it', () => {
  it.each([
    ['QQ', () => mockQQRuntime({ respond: 'deny' }), { errMsg: 'getQQRunData:fail auth deny' }],
    ['WeChat', () => mockWeChatRuntime({ respond: 'deny' }), { errMsg: 'getWeRunData:fail auth deny' }],
  ])('on %s reaches the caller unchanged, and isAuthDenied recognises it', async (_, install, refusal) => {
    restore = install().restore
    const reason = await getRunData().catch((res: unknown) => res)
    expect(reason).toEqual(refusal)
    expect(isAuthDenied(reason)).toBe(true)
  })

  it('fails loginAndGetQQRunData on QQ with the refusal, after the login', async () => {
    const runtime = mockQQRuntime({ respond: 'deny' })
    restore = runtime.restore
    const reason = await loginAndGetQQRunData().catch((res: unknown) => res)
    expect(isAuthDenied(reason)).toBe(true)
    expect(runtime.calls).toEqual({ login: 1, checkSession: 0, request: 0, getQQRunData: 1 })
  })
})
