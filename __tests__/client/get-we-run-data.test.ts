import { processApis } from '@tarojs/shared'
import { getWeRunData } from '../../src/client/get-we-run-data'
import {
  WE_OK,
  answer,
  buildFor,
  installWx,
  recorder,
  resetRuntime,
  setGlobal,
  settled,
  TARO_ENVS,
  type NativeOption,
} from '../helpers/runtime'

afterEach(() => {
  resetRuntime()
  jest.useRealTimers()
})

describe('on WeChat', () => {
  it('forwards to wx.getWeRunData and passes its result through unchanged, cloudID included', async () => {
    const native = installWx(answer(WE_OK))
    const { log, ...callbacks } = recorder()
    await expect(getWeRunData(callbacks)).resolves.toBe(WE_OK)
    expect(native).toHaveBeenCalledTimes(1)
    expect(log).toEqual([
      ['success', WE_OK],
      ['complete', WE_OK],
    ])
  })

  it('passes a native failure through unchanged', async () => {
    const refusal = { errMsg: 'getWeRunData:fail auth deny' }
    installWx(answer(refusal, false))
    await expect(getWeRunData()).rejects.toBe(refusal)
  })

  it('resolves without cloudID when WeChat sends none', async () => {
    const res = { errMsg: 'getWeRunData:ok', encryptedData: 'e', iv: 'i' }
    installWx(answer(res))
    await expect(getWeRunData()).resolves.toBe(res)
  })

  it('keeps the contract: its own name in parameter errors and timeouts', async () => {
    jest.useFakeTimers()
    await expect(getWeRunData({ success: 1 as never })).rejects.toEqual({
      errMsg: 'getWeRunData:fail parameter error: parameter.success should be Function instead of Number',
    })
    installWx(() => {})
    const promise = settled(getWeRunData({ timeout: 500 }))
    await jest.advanceTimersByTimeAsync(500)
    expect(await promise).toEqual({ rejected: { errMsg: 'getWeRunData:fail timeout' } })
  })
})

describe('everywhere else', () => {
  it('is not supported inside QQ, whose wx alias has getWeRunData: qq is checked first', async () => {
    setGlobal('qq', {})
    const native = installWx(answer(WE_OK))
    await expect(getWeRunData()).rejects.toEqual({ errMsg: 'getWeRunData:fail not supported on qq', platform: 'qq' })
    expect(native).not.toHaveBeenCalled()
  })

  it('is not supported on a WeChat base library without wx.getWeRunData', async () => {
    setGlobal('wx', { login: jest.fn() })
    await expect(getWeRunData()).rejects.toEqual({ errMsg: 'getWeRunData:fail not supported on weapp', platform: 'weapp' })
  })

  it.each([...TARO_ENVS.filter((platform) => platform != 'weapp'), 'unknown'])(
    'is not supported on %s, and never calls a wx.getWeRunData that is there',
    async (platform) => {
      buildFor(platform)
      const native = platform == 'unknown' ? undefined : installWx(answer(WE_OK))
      const { log, ...callbacks } = recorder()
      const expected = { errMsg: `getWeRunData:fail not supported on ${platform}`, platform }
      expect(await settled(getWeRunData(callbacks))).toEqual({ rejected: expected })
      expect(log).toEqual([
        ['fail', expected],
        ['complete', expected],
      ])
      if (native) expect(native).not.toHaveBeenCalled()
    },
  )
})

describe("against Taro's own processApis on weapp", () => {
  /** What each callback and the Promise of one implementation received, for one native answer. */
  async function observe(call: (option: object) => Promise<unknown>) {
    const { log, ...callbacks } = recorder()
    const outcome = await settled(call(callbacks))
    return { log, outcome }
  }

  it.each<[string, (o: NativeOption) => void]>([
    ['a success', answer(WE_OK)],
    ['a failure', answer({ errMsg: 'getWeRunData:fail auth deny' }, false)],
  ])('gives the same result to success/fail, complete and the Promise for %s', async (_, behaviour) => {
    process.env.TARO_ENV = 'weapp'
    installWx(behaviour)
    const taro: Record<string, (option: object) => Promise<unknown>> = {}
    processApis(taro, globalThis.wx, { needPromiseApis: new Set(['getWeRunData']), isOnlyPromisify: true })
    const theirs = await observe((option) => taro.getWeRunData!(option))
    const ours = await observe(getWeRunData)
    expect(ours).toEqual(theirs)
    // And what they agree on is WeChat's own answer.
    const [[, first]] = ours.log as [[string, unknown]]
    expect(ours.outcome).toEqual('resolved' in ours.outcome ? { resolved: first } : { rejected: first })
  })
})
