import { loginAndGetQQRunData } from '../../src/client/login-and-get-qq-run-data'
import { loginAndGetRunData } from '../../src/client/login-and-get-run-data'
import { OK, TARO_ENVS, WE_OK, answer, buildFor, installHost, recorder, resetRuntime, type NativeOption } from '../helpers/runtime'

afterEach(() => {
  resetRuntime()
  jest.useRealTimers()
})

const LOGIN = Object.freeze({ errMsg: 'login:ok', code: 'code-1' })

interface Flow {
  call: (option?: object) => Promise<unknown>
  api: string
  global: 'qq' | 'wx'
  method: string
  data: object
  result: object
}

// The same flow, run by loginAndGetRunData on both platforms and by loginAndGetQQRunData on QQ.
const flows: [string, Flow][] = [
  [
    'loginAndGetQQRunData on QQ',
    {
      call: loginAndGetQQRunData,
      api: 'loginAndGetQQRunData',
      global: 'qq',
      method: 'getQQRunData',
      data: OK,
      result: { errMsg: 'loginAndGetQQRunData:ok', platform: 'qq', code: 'code-1', encryptedData: 'ZW5j', iv: 'aXY=' },
    },
  ],
  [
    'loginAndGetRunData on QQ',
    {
      call: loginAndGetRunData,
      api: 'loginAndGetRunData',
      global: 'qq',
      method: 'getQQRunData',
      data: OK,
      result: { errMsg: 'loginAndGetRunData:ok', platform: 'qq', code: 'code-1', encryptedData: 'ZW5j', iv: 'aXY=' },
    },
  ],
  [
    'loginAndGetRunData on WeChat',
    {
      call: loginAndGetRunData,
      api: 'loginAndGetRunData',
      global: 'wx',
      method: 'getWeRunData',
      data: WE_OK,
      result: {
        errMsg: 'loginAndGetRunData:ok',
        platform: 'weapp',
        code: 'code-1',
        encryptedData: 'd2Vj',
        iv: 'd2l2',
        cloudID: '1_cloud',
      },
    },
  ],
]

describe.each(flows)('%s', (_, { call, api, global, method, data, result: RESULT }) => {
  /** A fake host whose login and run-data method behave as given, recording the order of calls. */
  const install = (
    login: (o: NativeOption) => void = answer(LOGIN),
    getData: (o: NativeOption) => void = answer(data),
  ) => installHost(global, { login, [method]: getData })

  it('logs in, then gets the run data, once each, and resolves code, encryptedData and iv', async () => {
    const order = install()
    const { log, ...callbacks } = recorder()
    await expect(call(callbacks)).resolves.toEqual(RESULT)
    expect(order).toEqual(['login', method])
    expect(log).toEqual([
      ['success', RESULT],
      ['complete', RESULT],
    ])
  })

  it('waits for the login to answer before asking for the data', async () => {
    let finishLogin: (() => void) | undefined
    const order = install((o) => (finishLogin = () => answer(LOGIN)(o)))
    const promise = call()
    await new Promise((resolve) => setImmediate(resolve))
    expect(order).toEqual(['login'])
    finishLogin!()
    await expect(promise).resolves.toEqual(RESULT)
    expect(order).toEqual(['login', method])
  })

  it('asks for the data once even when the host answers the login twice', async () => {
    const order = install((o) => {
      o.success?.(LOGIN)
      o.success?.({ ...LOGIN, code: 'code-2' })
      o.complete?.(LOGIN)
    })
    await expect(call()).resolves.toEqual(RESULT)
    expect(order).toEqual(['login', method])
  })

  it('passes a login failure through unchanged and never asks for the data', async () => {
    const failure = { errMsg: 'login:fail network error', errCode: -1 }
    const order = install(answer(failure, false))
    const { log, ...callbacks } = recorder()
    await expect(call(callbacks)).rejects.toBe(failure)
    expect(order).toEqual(['login'])
    expect(log.map(([name]) => name)).toEqual(['fail', 'complete'])
  })

  it.each([{ errMsg: 'login:ok' }, { errMsg: 'login:ok', code: '' }, { errMsg: 'login:ok', code: 42 }, null])(
    'fails when the login succeeds without a usable code: %p',
    async (login) => {
      const order = install((o) => o.success?.(login))
      await expect(call()).rejects.toEqual({ errMsg: `${api}:fail ${global}.login gave no code` })
      expect(order).toEqual(['login'])
    },
  )

  it('settles by errMsg when the host answers only with complete', async () => {
    const order = install(
      (o) => o.complete?.(LOGIN),
      (o) => o.complete?.(data),
    )
    await expect(call()).resolves.toEqual(RESULT)
    expect(order).toEqual(['login', method])

    const failure = { errMsg: 'login:fail busy' }
    install((o) => o.complete?.(failure))
    await expect(call()).rejects.toBe(failure)
    install(undefined, (o) => o.complete?.(undefined))
    await expect(call()).rejects.toBeUndefined()
  })

  it.each([undefined, {}, { errMsg: 'x:ok', encryptedData: 'e' }, { errMsg: 'x:ok', iv: 1, encryptedData: 'e' }])(
    'fails rather than resolve without data when the data step succeeds with %p',
    async (data) => {
      install(undefined, (o) => o.success?.(data))
      await expect(call()).rejects.toEqual({
        errMsg: `${api}:fail ${global}.${method} gave no encryptedData and iv`,
      })
    },
  )

  it('passes a failure of the data step through unchanged', async () => {
    const failure = { errMsg: `${method}:fail auth deny` }
    install(undefined, answer(failure, false))
    await expect(call()).rejects.toBe(failure)
  })

  it('fails with the message when the data step throws inside the login answer', async () => {
    install(undefined, () => {
      throw new Error('boom')
    })
    await expect(call()).rejects.toEqual({ errMsg: `${api}:fail boom` })
  })

  it('fails with the message when the login throws', async () => {
    const order = install(() => {
      throw new TypeError('login is broken')
    })
    await expect(call()).rejects.toEqual({ errMsg: `${api}:fail login is broken` })
    expect(order).toEqual(['login'])
  })

  it('times out over the whole flow, and ignores what comes later', async () => {
    jest.useFakeTimers()
    let late: (() => void) | undefined
    install(undefined, (o) => (late = () => answer(data)(o)))
    const { log, ...callbacks } = recorder()
    const promise = call({ ...callbacks, timeout: 3000 }).catch((reason: unknown) => reason)
    await jest.advanceTimersByTimeAsync(3000)
    expect(await promise).toEqual({ errMsg: `${api}:fail timeout` })
    late!()
    await jest.runAllTimersAsync()
    expect(log.map(([name]) => name)).toEqual(['fail', 'complete'])
  })

  it('never asks for the data once it has timed out, even when the login answers later', async () => {
    jest.useFakeTimers()
    let finishLogin: (() => void) | undefined
    const order = install((o) => (finishLogin = () => answer(LOGIN)(o)))
    const promise = call({ timeout: 1000 }).catch((reason: unknown) => reason)
    await jest.advanceTimersByTimeAsync(1000)
    expect(await promise).toEqual({ errMsg: `${api}:fail timeout` })
    finishLogin!()
    await jest.runAllTimersAsync()
    expect(order).toEqual(['login'])
  })

  it('rejects bad input in its own name', async () => {
    await expect(call({ complete: 'x' as never })).rejects.toEqual({
      errMsg: `${api}:fail parameter error: parameter.complete should be Function instead of String`,
    })
  })
})

it("loginAndGetRunData uses qq inside QQ, never QQ's wx alias", async () => {
  const qqOrder = installHost('qq', { login: answer(LOGIN), getQQRunData: answer(OK) })
  const wxOrder = installHost('wx', { login: answer(LOGIN), getWeRunData: answer(WE_OK) })
  await expect(loginAndGetRunData()).resolves.toEqual({
    errMsg: 'loginAndGetRunData:ok',
    platform: 'qq',
    code: 'code-1',
    encryptedData: 'ZW5j',
    iv: 'aXY=',
  })
  expect(qqOrder).toEqual(['login', 'getQQRunData'])
  expect(wxOrder).toEqual([])
})

describe('loginAndGetRunData elsewhere', () => {
  it.each([...TARO_ENVS.filter((platform) => platform != 'qq' && platform != 'weapp'), 'unknown'])(
    'is not supported on %s, and calls nothing native',
    async (platform) => {
      // Both hosts' globals are there, but the build says the code runs elsewhere ('unknown':
      // no build, no global).
      const calls: string[][] = []
      if (platform != 'unknown') {
        buildFor(platform)
        calls.push(installHost('qq', { login: answer(LOGIN), getQQRunData: answer() }))
        calls.push(installHost('wx', { login: answer(LOGIN), getWeRunData: answer(WE_OK) }))
      }
      const { log, ...callbacks } = recorder()
      const expected = { errMsg: `loginAndGetRunData:fail not supported on ${platform}`, platform }
      await expect(loginAndGetRunData(callbacks)).rejects.toEqual(expected)
      expect(log).toEqual([
        ['fail', expected],
        ['complete', expected],
      ])
      for (const order of calls) expect(order).toEqual([])
    },
  )

  it.each<[string, 'qq' | 'wx', Record<string, (o: NativeOption) => void>, string]>([
    ['QQ without getQQRunData', 'qq', { login: jest.fn() }, 'qq'],
    ['QQ without login', 'qq', { getQQRunData: jest.fn() }, 'qq'],
    ['WeChat without getWeRunData', 'wx', { login: jest.fn() }, 'weapp'],
    ['WeChat without login', 'wx', { getWeRunData: jest.fn() }, 'weapp'],
  ])('is not supported on %s, and calls nothing native', async (_, name, methods, platform) => {
    const order = installHost(name, methods)
    await expect(loginAndGetRunData()).rejects.toEqual({ errMsg: `loginAndGetRunData:fail not supported on ${platform}`, platform })
    expect(order).toEqual([])
  })
})
