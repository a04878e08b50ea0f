import { getRunData, isRunDataSupported } from '../../src/client/get-run-data'
import { isNotSupported } from '../../src/client/not-supported'
import {
  OK,
  WE_OK,
  answer,
  buildFor,
  installHost,
  recorder,
  resetRuntime,
  setGlobal,
  settled,
  TARO_ENVS,
} from '../helpers/runtime'

afterEach(resetRuntime)

// What each platform's host answers, and what getRunData makes of it.
const hosts = {
  qq: {
    install: () => installHost('qq', { getQQRunData: answer(OK) }),
    method: 'getQQRunData',
    result: { errMsg: 'getRunData:ok', platform: 'qq', encryptedData: 'ZW5j', iv: 'aXY=' },
  },
  weapp: {
    install: () => installHost('wx', { getWeRunData: answer(WE_OK) }),
    method: 'getWeRunData',
    result: { errMsg: 'getRunData:ok', platform: 'weapp', encryptedData: 'd2Vj', iv: 'd2l2', cloudID: '1_cloud' },
  },
} as const

describe.each([...TARO_ENVS, 'unknown'] as const)('getRunData on %s', (platform) => {
  const host = platform == 'qq' || platform == 'weapp' ? hosts[platform] : undefined

  if (host)
    it(`calls ${host.method} once and resolves the platform with the data`, async () => {
      const order = host.install()
      const { log, ...callbacks } = recorder()
      await expect(getRunData(callbacks)).resolves.toEqual(host.result)
      expect(order).toEqual([host.method])
      expect(log).toEqual([
        ['success', host.result],
        ['complete', host.result],
      ])
      expect(isRunDataSupported()).toBe(true)
    })
  else
    it('fails as not supported, with the platform, and calls neither host', async () => {
      buildFor(platform)
      const calls = platform == 'unknown' ? [] : [hosts.qq.install(), hosts.weapp.install()]
      const { log, ...callbacks } = recorder()
      const expected = { errMsg: `getRunData:fail not supported on ${platform}`, platform }
      const outcome = await settled(getRunData(callbacks))
      expect(outcome).toEqual({ rejected: expected })
      expect(isNotSupported((outcome as { rejected: unknown }).rejected)).toBe(true)
      expect(log).toEqual([
        ['fail', expected],
        ['complete', expected],
      ])
      for (const order of calls) expect(order).toEqual([])
      expect(isRunDataSupported()).toBe(false)
    })
})

describe('getRunData on QQ and WeChat', () => {
  it.each([
    ['qq', 'getQQRunData', { errMsg: 'getQQRunData:fail auth deny', errCode: -12006 }],
    ['wx', 'getWeRunData', { errMsg: 'getWeRunData:fail:auth denied' }],
  ] as const)('passes a native failure of %s.%s through unchanged', async (name, method, refusal) => {
    installHost(name, { [method]: answer(refusal, false) })
    await expect(getRunData()).rejects.toBe(refusal)
  })

  it.each([
    ['qq', 'getQQRunData'],
    ['wx', 'getWeRunData'],
  ] as const)('fails rather than resolve with holes when %s.%s succeeds without encryptedData and iv', async (name, method) => {
    installHost(name, { [method]: answer({ errMsg: `${method}:ok`, iv: 'i' }) })
    await expect(getRunData()).rejects.toEqual({ errMsg: `getRunData:fail ${name}.${method} gave no encryptedData and iv` })
  })

  it('leaves out a cloudID that is not a string', async () => {
    installHost('wx', { getWeRunData: answer({ ...WE_OK, cloudID: 7 }) })
    await expect(getRunData()).resolves.toEqual({ errMsg: 'getRunData:ok', platform: 'weapp', encryptedData: 'd2Vj', iv: 'd2l2' })
  })

  it("uses qq inside QQ, never QQ's wx alias", async () => {
    const qqOrder = hosts.qq.install()
    const wxOrder = hosts.weapp.install()
    await expect(getRunData()).resolves.toEqual(hosts.qq.result)
    expect(qqOrder).toEqual(['getQQRunData'])
    expect(wxOrder).toEqual([])
  })

  it('never logs in', async () => {
    const order = installHost('wx', { login: answer({ errMsg: 'login:ok', code: 'c' }), getWeRunData: answer(WE_OK) })
    await getRunData()
    expect(order).toEqual(['getWeRunData'])
  })

  it('is not supported on base libraries without the method, on either platform', async () => {
    setGlobal('qq', { getWeRunData: jest.fn() })
    await expect(getRunData()).rejects.toEqual({ errMsg: 'getRunData:fail not supported on qq', platform: 'qq' })
    resetRuntime()
    setGlobal('wx', { getQQRunData: jest.fn() })
    await expect(getRunData()).rejects.toEqual({ errMsg: 'getRunData:fail not supported on weapp', platform: 'weapp' })
    expect(isRunDataSupported()).toBe(false)
  })
})
