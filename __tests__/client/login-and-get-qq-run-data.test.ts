// The flow itself is tested with loginAndGetRunData's, in login-and-get-run-data.test.ts; here,
// what only QQ's own flow does: it is not supported anywhere but QQ.
import { loginAndGetQQRunData } from '../../src/client/login-and-get-qq-run-data'
import { WE_OK, answer, installHost, recorder, resetRuntime, type NativeOption } from '../helpers/runtime'

afterEach(resetRuntime)

describe('loginAndGetQQRunData elsewhere', () => {
  it.each<[string, 'qq' | 'wx', Record<string, (o: NativeOption) => void>, string]>([
    ['WeChat, whose wx has login and getWeRunData', 'wx', { login: jest.fn(), getWeRunData: answer(WE_OK) }, 'weapp'],
    ['WeChat, even with a wx.getQQRunData', 'wx', { login: jest.fn(), getQQRunData: jest.fn() }, 'weapp'],
    ['QQ without getQQRunData', 'qq', { login: jest.fn() }, 'qq'],
    ['QQ without login', 'qq', { getQQRunData: jest.fn() }, 'qq'],
  ])('is not supported on %s, and calls nothing native', async (_, name, methods, platform) => {
    const order = installHost(name, methods)
    const { log, ...callbacks } = recorder()
    const expected = { errMsg: `loginAndGetQQRunData:fail not supported on ${platform}`, platform }
    await expect(loginAndGetQQRunData(callbacks)).rejects.toEqual(expected)
    expect(log).toEqual([
      ['fail', expected],
      ['complete', expected],
    ])
    expect(order).toEqual([])
  })

  it('is not supported on h5', async () => {
    process.env.TARO_ENV = 'h5'
    await expect(loginAndGetQQRunData()).rejects.toEqual({ errMsg: 'loginAndGetQQRunData:fail not supported on h5', platform: 'h5' })
  })
})
