import { loginAndGetQQRunData } from '../../src/client/login-and-get-qq-run-data'
import { OK, answer, recorder, resetRuntime, setGlobal, type NativeOption } from '../helpers/runtime'

afterEach(() => {
  resetRuntime()
  jest.useRealTimers()
})

const LOGIN = Object.freeze({ errMsg: 'login:ok', code: 'code-1' })
const RESULT = { errMsg: 'loginAndGetQQRunData:ok', code: 'code-1', encryptedData: OK.encryptedData, iv: OK.iv }

/** A fake qq whose login and getQQRunData behave as given, recording the order of calls. */
function installQQ(
  login: (o: NativeOption) => void = answer(LOGIN),
  getQQRunData: (o: NativeOption) => void = answer(),
) {
  const order: string[] = []
  setGlobal('qq', {
    login: jest.fn((o: NativeOption) => (order.push('login'), login(o))),
    getQQRunData: jest.fn((o: NativeOption) => (order.push('getQQRunData'), getQQRunData(o))),
  })
  return order
}

describe('loginAndGetQQRunData on QQ', () => {
  it('logs in, then gets the run data, once each, and resolves code, encryptedData and iv', async () => {
    const order = installQQ()
    const { log, ...callbacks } = recorder()
    await expect(loginAndGetQQRunData(callbacks)).resolves.toEqual(RESULT)
    expect(order).toEqual(['login', 'getQQRunData'])
    expect(log).toEqual([
      ['success', RESULT],
      ['complete', RESULT],
    ])
  })

  it('waits for the login to answer before asking for the data', async () => {
    let finishLogin: (() => void) | undefined
    const order = installQQ((o) => (finishLogin = () => answer(LOGIN)(o)))
    const promise = loginAndGetQQRunData()
    await new Promise((resolve) => setImmediate(resolve))
    expect(order).toEqual(['login'])
    finishLogin!()
    await expect(promise).resolves.toEqual(RESULT)
    expect(order).toEqual(['login', 'getQQRunData'])
  })

  it('asks for the data once even when QQ answers the login twice', async () => {
    const order = installQQ((o) => {
      o.success?.(LOGIN)
      o.success?.({ ...LOGIN, code: 'code-2' })
      o.complete?.(LOGIN)
    })
    await expect(loginAndGetQQRunData()).resolves.toEqual(RESULT)
    expect(order).toEqual(['login', 'getQQRunData'])
  })

  it('passes a login failure through unchanged and never asks for the data', async () => {
    const failure = { errMsg: 'login:fail network error', errCode: -1 }
    const order = installQQ(answer(failure, false))
    const { log, ...callbacks } = recorder()
    await expect(loginAndGetQQRunData(callbacks)).rejects.toBe(failure)
    expect(order).toEqual(['login'])
    expect(log.map(([name]) => name)).toEqual(['fail', 'complete'])
  })

  it.each([{ errMsg: 'login:ok' }, { errMsg: 'login:ok', code: '' }, { errMsg: 'login:ok', code: 42 }, null])(
    'fails when the login succeeds without a usable code: %p',
    async (login) => {
      const order = installQQ((o) => o.success?.(login))
      await expect(loginAndGetQQRunData()).rejects.toEqual({ errMsg: 'loginAndGetQQRunData:fail qq.login gave no code' })
      expect(order).toEqual(['login'])
    },
  )

  it('settles by errMsg when QQ answers only with complete', async () => {
    const order = installQQ(
      (o) => o.complete?.(LOGIN),
      (o) => o.complete?.(OK),
    )
    await expect(loginAndGetQQRunData()).resolves.toEqual(RESULT)
    expect(order).toEqual(['login', 'getQQRunData'])

    const failure = { errMsg: 'login:fail busy' }
    installQQ((o) => o.complete?.(failure))
    await expect(loginAndGetQQRunData()).rejects.toBe(failure)
    installQQ(undefined, (o) => o.complete?.(undefined))
    await expect(loginAndGetQQRunData()).rejects.toBeUndefined()
  })

  it.each([undefined, {}, { errMsg: 'getQQRunData:ok', encryptedData: 'e' }, { errMsg: 'getQQRunData:ok', iv: 1, encryptedData: 'e' }])(
    'fails rather than resolve without data when getQQRunData succeeds with %p',
    async (data) => {
      installQQ(undefined, (o) => o.success?.(data))
      await expect(loginAndGetQQRunData()).rejects.toEqual({
        errMsg: 'loginAndGetQQRunData:fail qq.getQQRunData gave no encryptedData and iv',
      })
    },
  )

  it('passes a getQQRunData failure through unchanged', async () => {
    const failure = { errMsg: 'getQQRunData:fail auth deny' }
    installQQ(undefined, answer(failure, false))
    await expect(loginAndGetQQRunData()).rejects.toBe(failure)
  })

  it('fails with the message when qq.getQQRunData throws inside the login answer', async () => {
    installQQ(undefined, () => {
      throw new Error('boom')
    })
    await expect(loginAndGetQQRunData()).rejects.toEqual({ errMsg: 'loginAndGetQQRunData:fail boom' })
  })

  it('fails with the message when qq.login throws', async () => {
    const order = installQQ(() => {
      throw new TypeError('login is broken')
    })
    await expect(loginAndGetQQRunData()).rejects.toEqual({ errMsg: 'loginAndGetQQRunData:fail login is broken' })
    expect(order).toEqual(['login'])
  })

  it('times out over the whole flow, and ignores what comes later', async () => {
    jest.useFakeTimers()
    let late: (() => void) | undefined
    installQQ(undefined, (o) => (late = () => answer()(o)))
    const { log, ...callbacks } = recorder()
    const promise = loginAndGetQQRunData({ ...callbacks, timeout: 3000 }).catch((reason: unknown) => reason)
    await jest.advanceTimersByTimeAsync(3000)
    expect(await promise).toEqual({ errMsg: 'loginAndGetQQRunData:fail timeout' })
    late!()
    await jest.runAllTimersAsync()
    expect(log.map(([name]) => name)).toEqual(['fail', 'complete'])
  })

  it('never asks for the data once it has timed out, even when the login answers later', async () => {
    jest.useFakeTimers()
    let finishLogin: (() => void) | undefined
    const order = installQQ((o) => (finishLogin = () => answer(LOGIN)(o)))
    const promise = loginAndGetQQRunData({ timeout: 1000 }).catch((reason: unknown) => reason)
    await jest.advanceTimersByTimeAsync(1000)
    expect(await promise).toEqual({ errMsg: 'loginAndGetQQRunData:fail timeout' })
    finishLogin!()
    await jest.runAllTimersAsync()
    expect(order).toEqual(['login'])
  })

  it('rejects bad input in its own name', async () => {
    await expect(loginAndGetQQRunData({ complete: 'x' as never })).rejects.toEqual({
      errMsg: 'loginAndGetQQRunData:fail parameter error: parameter.complete should be Function instead of String',
    })
  })
})

describe('loginAndGetQQRunData elsewhere', () => {
  it.each<[string, () => void, string]>([
    ['weapp', () => setGlobal('wx', { login: jest.fn(), getQQRunData: jest.fn() }), 'weapp'],
    ['QQ without getQQRunData', () => setGlobal('qq', { login: jest.fn() }), 'qq'],
    ['QQ without login', () => setGlobal('qq', { getQQRunData: jest.fn() }), 'qq'],
    ['h5', () => (process.env.TARO_ENV = 'h5'), 'h5'],
  ])('is not supported on %s, and calls nothing native', async (_, install, platform) => {
    install()
    const { log, ...callbacks } = recorder()
    const expected = { errMsg: `loginAndGetQQRunData:fail not supported on ${platform}`, platform }
    await expect(loginAndGetQQRunData(callbacks)).rejects.toEqual(expected)
    expect(log).toEqual([
      ['fail', expected],
      ['complete', expected],
    ])
    const host = (globalThis as { qq?: Record<string, jest.Mock>; wx?: Record<string, jest.Mock> }).qq ?? (globalThis as { wx?: Record<string, jest.Mock> }).wx
    for (const fn of Object.values(host ?? {})) expect(fn).not.toHaveBeenCalled()
  })
})
