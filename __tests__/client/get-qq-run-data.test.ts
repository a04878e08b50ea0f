import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import fc from 'fast-check'
import { getQQRunData, isQQRunDataSupported } from '../../src/client/get-qq-run-data'
import type { Platform } from '../../src/client/platform'
import { OK, answer, flush, installQQ, recorder, resetRuntime, setGlobal, settled, type NativeOption } from '../helpers/runtime'

afterEach(() => {
  resetRuntime()
  jest.useRealTimers()
})

describe('on QQ', () => {
  it('forwards to qq.getQQRunData with its own success, fail and complete', async () => {
    const native = installQQ(answer())
    const option = { success: () => {}, fail: () => {}, complete: () => {} }
    await getQQRunData(option)
    expect(native).toHaveBeenCalledTimes(1)
    const passed = native.mock.calls[0]![0]
    expect(passed).not.toBe(option)
    expect(Object.keys(passed).sort()).toEqual(['complete', 'fail', 'success'])
    for (const name of ['success', 'fail', 'complete'] as const) {
      expect(typeof passed[name]).toBe('function')
      expect(passed[name]).not.toBe(option[name])
    }
  })

  it('calls the native method on the qq object', async () => {
    let self: unknown
    const qq = {
      getQQRunData(this: unknown, option: NativeOption) {
        self = this
        answer()(option)
      },
    }
    setGlobal('qq', qq)
    await getQQRunData()
    expect(self).toBe(qq)
  })

  it('passes the native result through unchanged, extra fields included', async () => {
    const res = { errMsg: 'getQQRunData:ok', encryptedData: 'e', iv: 'i', cloudID: 'c' }
    installQQ(answer(res))
    const { log, ...callbacks } = recorder()
    await expect(getQQRunData(callbacks)).resolves.toBe(res)
    expect(log).toEqual([
      ['success', res],
      ['complete', res],
    ])
    expect(log[0]![1]).toBe(res)
  })

  it('runs success, then complete, then resolves', async () => {
    installQQ(answer())
    const { log, ...callbacks } = recorder()
    await getQQRunData(callbacks).then((res) => log.push(['resolved', res]))
    expect(log.map(([name]) => name)).toEqual(['success', 'complete', 'resolved'])
  })

  it('runs fail, then complete, then rejects with the native failure unchanged', async () => {
    const res = { errMsg: 'getQQRunData:fail auth deny', errCode: -12006 }
    installQQ(answer(res, false))
    const { log, ...callbacks } = recorder()
    await getQQRunData(callbacks).catch((reason: unknown) => log.push(['rejected', reason]))
    expect(log).toEqual([
      ['fail', res],
      ['complete', res],
      ['rejected', res],
    ])
    expect(log[2]![1]).toBe(res)
  })

  it('settles on a native complete that came without success or fail, by its errMsg', async () => {
    installQQ((option) => option.complete?.(OK))
    const { log, ...callbacks } = recorder()
    await expect(getQQRunData(callbacks)).resolves.toBe(OK)
    expect(log.map(([name]) => name)).toEqual(['success', 'complete'])

    const failure = { errMsg: 'getQQRunData:fail system error' }
    installQQ((option) => option.complete?.(failure))
    await expect(getQQRunData()).rejects.toBe(failure)
    // ':ok' must be the api's own status, not a word somewhere in the message.
    const tricky = { errMsg: 'getQQRunData:fail token:ok expired' }
    installQQ((option) => option.complete?.(tricky))
    await expect(getQQRunData()).rejects.toBe(tricky)
    installQQ((option) => option.complete?.(undefined))
    await expect(getQQRunData()).rejects.toBeUndefined()
  })

  it('answers asynchronously even when QQ answers at once', async () => {
    installQQ(answer())
    const { log, ...callbacks } = recorder()
    const promise = getQQRunData(callbacks)
    expect(log).toEqual([])
    await promise
    expect(log).toHaveLength(2)
  })

  it('answers when QQ answers late', async () => {
    let answerLater: (() => void) | undefined
    installQQ((option) => (answerLater = () => answer()(option)))
    const { log, ...callbacks } = recorder()
    const promise = getQQRunData(callbacks)
    await flush()
    expect(log).toEqual([])
    answerLater!()
    await expect(promise).resolves.toBe(OK)
    expect(log.map(([name]) => name)).toEqual(['success', 'complete'])
  })

  it('reports support only when qq.getQQRunData is a function', () => {
    expect(isQQRunDataSupported()).toBe(false)
    setGlobal('qq', {})
    expect(isQQRunDataSupported()).toBe(false)
    setGlobal('qq', { getQQRunData: 'yes' })
    expect(isQQRunDataSupported()).toBe(false)
    installQQ(answer())
    expect(isQQRunDataSupported()).toBe(true)
    process.env.TARO_ENV = 'weapp'
    expect(isQQRunDataSupported()).toBe(false)
  })

  it('is not supported in a qq build whose runtime has no qq global', async () => {
    process.env.TARO_ENV = 'qq'
    expect(isQQRunDataSupported()).toBe(false)
    await expect(getQQRunData()).rejects.toEqual({ errMsg: 'getQQRunData:fail not supported on qq', platform: 'qq' })
  })
})

describe('settles exactly once', () => {
  const failure = Object.freeze({ errMsg: 'getQQRunData:fail auth deny' })
  const twice: [string, (o: NativeOption) => void, boolean][] = [
    [
      'success twice',
      (o) => {
        o.success?.(OK)
        o.success?.({ ...OK, iv: 'second' })
      },
      true,
    ],
    [
      'success then fail',
      (o) => {
        o.success?.(OK)
        o.fail?.(failure)
        o.complete?.(OK)
      },
      true,
    ],
    [
      'complete then success',
      (o) => {
        o.complete?.(OK)
        o.success?.({ ...OK, iv: 'second' })
      },
      true,
    ],
    [
      'fail then success',
      (o) => {
        o.fail?.(failure)
        o.success?.(OK)
        o.complete?.(OK)
      },
      false,
    ],
  ]
  it.each(twice)('when QQ calls %s, the first answer wins', async (_, behaviour, ok) => {
    installQQ(behaviour)
    const { log, ...callbacks } = recorder()
    const first = ok ? OK : failure
    expect(await settled(getQQRunData(callbacks))).toEqual(ok ? { resolved: first } : { rejected: first })
    await flush()
    expect(log).toEqual([
      [ok ? 'success' : 'fail', first],
      ['complete', first],
    ])
  })

  it('whatever sequence of answers QQ gives, each callback runs at most once and agrees with the Promise', async () => {
    const step = fc.constantFrom<'success' | 'fail' | 'complete'>('success', 'fail', 'complete')
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (steps) => {
        installQQ((o) => {
          for (const name of steps) o[name]?.(name === 'fail' ? { errMsg: 'getQQRunData:fail x' } : OK)
        })
        const { log, ...callbacks } = recorder()
        const outcome = await settled(getQQRunData(callbacks))
        await flush()
        const first = steps[0]!
        const ok = first !== 'fail'
        expect(log.map(([name]) => name)).toEqual([ok ? 'success' : 'fail', 'complete'])
        expect(outcome).toEqual(ok ? { resolved: OK } : { rejected: { errMsg: 'getQQRunData:fail x' } })
      }),
    )
  })
})

describe('everywhere else', () => {
  const others: [Platform, () => void][] = [
    ['weapp', () => setGlobal('wx', { getQQRunData: jest.fn() })],
    ['h5', () => (setGlobal('window', {}), setGlobal('document', {}))],
    ['rn', () => setGlobal('navigator', { product: 'ReactNative' })],
    ['harmony', () => (process.env.TARO_ENV = 'harmony')],
    ['harmony-hybrid', () => (process.env.TARO_ENV = 'harmony-hybrid')],
    ['alipay', () => setGlobal('my', {})],
    ['swan', () => setGlobal('swan', {})],
    ['tt', () => setGlobal('tt', {})],
    ['jd', () => setGlobal('jd', {})],
    ['quickapp', () => (process.env.TARO_ENV = 'quickapp')],
    ['ascf', () => (process.env.TARO_ENV = 'ascf')],
    ['unknown', () => {}],
  ]

  describe.each(others)('on %s', (platform, install) => {
    const expected = { errMsg: `getQQRunData:fail not supported on ${platform}`, platform }

    it('runs fail, then complete, then rejects with the not-supported result', async () => {
      install()
      const { log, ...callbacks } = recorder()
      const outcome = await settled(getQQRunData(callbacks))
      expect(outcome).toEqual({ rejected: expected })
      expect(log).toEqual([
        ['fail', expected],
        ['complete', expected],
      ])
    })

    it('never calls qq.getQQRunData when the build says it is for this platform', async () => {
      install()
      process.env.TARO_ENV = platform
      const spy = jest.fn()
      setGlobal('qq', { getQQRunData: spy })
      await expect(getQQRunData()).rejects.toEqual(expected)
      expect(spy).not.toHaveBeenCalled()
    })
  })

  it.each([
    ['wx', 'weapp'],
    ['my', 'alipay'],
    ['swan', 'swan'],
    ['tt', 'tt'],
    ['jd', 'jd'],
  ] as const)('never calls a getQQRunData that the %s global happens to have (%s)', async (name, platform) => {
    const spy = jest.fn()
    setGlobal(name, { getQQRunData: spy })
    await expect(getQQRunData()).rejects.toEqual({ errMsg: `getQQRunData:fail not supported on ${platform}`, platform })
    expect(spy).not.toHaveBeenCalled()
  })

  it('is the same in development and production builds (Taro\'s H5 stub succeeds in production)', async () => {
    setGlobal('window', {})
    setGlobal('document', {})
    const before = process.env.NODE_ENV
    try {
      for (const mode of ['development', 'production']) {
        process.env.NODE_ENV = mode
        await expect(getQQRunData()).rejects.toEqual({ errMsg: 'getQQRunData:fail not supported on h5', platform: 'h5' })
      }
    } finally {
      process.env.NODE_ENV = before
    }
  })

  it('on QQ without qq.getQQRunData (an old base library) fails as not supported on qq', async () => {
    setGlobal('qq', { login: jest.fn() })
    const { log, ...callbacks } = recorder()
    await expect(getQQRunData(callbacks)).rejects.toEqual({
      errMsg: 'getQQRunData:fail not supported on qq',
      platform: 'qq',
    })
    expect(log.map(([name]) => name)).toEqual(['fail', 'complete'])
  })

  it('fails asynchronously', async () => {
    const { log, ...callbacks } = recorder()
    const promise = getQQRunData(callbacks).catch(() => {})
    expect(log).toEqual([])
    await promise
    expect(log).toHaveLength(2)
  })
})

describe('a throwing callback', () => {
  beforeEach(() => jest.useFakeTimers())

  it.each([
    ['success', true],
    ['fail', false],
  ] as const)('in %s still lets complete run and the Promise settle, then is raised again', async (name, ok) => {
    installQQ(answer(ok ? OK : { errMsg: 'getQQRunData:fail x' }, ok))
    const error = new Error(`thrown by ${name}`)
    const complete = jest.fn()
    const outcome = await settled(
      getQQRunData({
        [name]: () => {
          throw error
        },
        complete,
      }),
    )
    expect(complete).toHaveBeenCalledTimes(1)
    expect(Object.keys(outcome)).toEqual([ok ? 'resolved' : 'rejected'])
    expect(() => jest.runOnlyPendingTimers()).toThrow(error)
  })

  it('in complete still settles the Promise, and is raised again', async () => {
    installQQ(answer())
    const error = new Error('thrown by complete')
    const promise = getQQRunData({
      complete: () => {
        throw error
      },
    })
    await expect(promise).resolves.toBe(OK)
    expect(() => jest.runOnlyPendingTimers()).toThrow(error)
  })

  it('is not raised synchronously, so the other callbacks and the Promise are not disturbed', async () => {
    installQQ(answer())
    const complete = jest.fn()
    await getQQRunData({
      success: () => {
        throw 'a string'
      },
      complete,
    })
    expect(complete).toHaveBeenCalled()
    expect(() => jest.runOnlyPendingTimers()).toThrow('a string')
  })
})

describe('when qq.getQQRunData throws', () => {
  it.each<[unknown, string]>([
    [new TypeError('bad call'), 'getQQRunData:fail bad call'],
    ['plain string', 'getQQRunData:fail plain string'],
    [undefined, 'getQQRunData:fail undefined'],
    [{ message: 42 }, 'getQQRunData:fail 42'],
    [{ message: '' }, 'getQQRunData:fail [object Object]'],
    [new Error(''), 'getQQRunData:fail Error'],
    [Symbol('native'), 'getQQRunData:fail Symbol(native)'],
  ])('takes the fail path when it throws %p', async (thrown, errMsg) => {
    installQQ(() => {
      throw thrown
    })
    const { log, ...callbacks } = recorder()
    await expect(getQQRunData(callbacks)).rejects.toEqual({ errMsg })
    expect(log).toEqual([
      ['fail', { errMsg }],
      ['complete', { errMsg }],
    ])
  })

  it('ignores an answer given before it threw', async () => {
    installQQ((o) => {
      o.success?.(OK)
      throw new Error('after success')
    })
    await expect(getQQRunData()).resolves.toBe(OK)
  })
})

describe('timeout', () => {
  beforeEach(() => jest.useFakeTimers())

  it('fails with getQQRunData:fail timeout when QQ does not answer in time, and ignores a late answer', async () => {
    let late: (() => void) | undefined
    installQQ((o) => (late = () => answer()(o)))
    const { log, ...callbacks } = recorder()
    const promise = settled(getQQRunData({ ...callbacks, timeout: 1000 }))
    await jest.advanceTimersByTimeAsync(999)
    expect(log).toEqual([])
    await jest.advanceTimersByTimeAsync(1)
    const timeout = { errMsg: 'getQQRunData:fail timeout' }
    expect(await promise).toEqual({ rejected: timeout })
    late!()
    await jest.runAllTimersAsync()
    expect(log).toEqual([
      ['fail', timeout],
      ['complete', timeout],
    ])
  })

  it('does not fire after QQ answered in time', async () => {
    let later: (() => void) | undefined
    installQQ((o) => (later = () => answer()(o)))
    const { log, ...callbacks } = recorder()
    const promise = getQQRunData({ ...callbacks, timeout: 1000 })
    await jest.advanceTimersByTimeAsync(500)
    later!()
    await expect(promise).resolves.toBe(OK)
    expect(jest.getTimerCount()).toBe(0)
    await jest.advanceTimersByTimeAsync(5000)
    expect(log.map(([name]) => name)).toEqual(['success', 'complete'])
  })

  it('has no timer when no timeout is set, so a silent QQ leaves the call pending', async () => {
    installQQ(() => {})
    const promise = getQQRunData()
    expect(jest.getTimerCount()).toBe(0)
    let outcome: unknown = 'pending'
    void promise.then(() => (outcome = 'settled'))
    await jest.advanceTimersByTimeAsync(60_000)
    expect(outcome).toBe('pending')
  })
})

describe('unhandled rejections (in a Node process of their own, against dist)', () => {
  const script = join(__dirname, '..', 'fixtures', 'unhandled-rejections.cjs')
  const run = (option: string, use: 'ignore' | 'await') =>
    JSON.parse(execFileSync(process.execPath, [script, option, use], { encoding: 'utf8' })) as {
      reports: unknown[]
      caught?: unknown
    }
  const notSupported = { errMsg: 'getQQRunData:fail not supported on unknown', platform: 'unknown' }

  it.each(['fail', 'complete'])('are not reported for an ignored Promise when %s was passed', (option) => {
    expect(run(option, 'ignore')).toEqual({ reports: [] })
  })

  it.each(['fail', 'complete'])('still let .catch see the rejection when %s was passed', (option) => {
    expect(run(option, 'await')).toEqual({ reports: [], caught: notSupported })
  })

  it.each(['none', 'success', 'bad fail'])(
    'are reported as usual for an ignored Promise when the option is %s',
    (option) => {
      expect(run(option, 'ignore').reports).toHaveLength(1)
    },
  )

  it('are reported with the failure itself', () => {
    expect(run('success', 'ignore')).toEqual({ reports: [notSupported] })
  })
})

describe('bad input', () => {
  const prefix = 'getQQRunData:fail parameter error: '

  it.each<[unknown, string]>([
    ['success', 'parameter should be Object instead of String'],
    [42, 'parameter should be Object instead of Number'],
    [true, 'parameter should be Object instead of Boolean'],
    [() => {}, 'parameter should be Object instead of Function'],
    [[], 'parameter should be Object instead of Array'],
    [Symbol('x'), 'parameter should be Object instead of Symbol'],
    [BigInt(10), 'parameter should be Object instead of BigInt'],
    [new Map(), 'parameter should be Object instead of Map'],
    [new Date(0), 'parameter should be Object instead of Date'],
  ])('rejects the option %p', async (option, message) => {
    const outcome = await settled(getQQRunData(option as never))
    expect(outcome).toEqual({ rejected: { errMsg: prefix + message } })
  })

  it.each<[string, unknown, string]>([
    ['success', 1, 'parameter.success should be Function instead of Number'],
    ['fail', 'x', 'parameter.fail should be Function instead of String'],
    ['complete', {}, 'parameter.complete should be Function instead of Object'],
    ['timeout', '1000', 'parameter.timeout should be Number instead of String'],
    ['timeout', 0, 'parameter.timeout should be Number above 0 and at most 2147483647 instead of 0'],
    ['timeout', -5, 'parameter.timeout should be Number above 0 and at most 2147483647 instead of -5'],
    ['timeout', NaN, 'parameter.timeout should be Number above 0 and at most 2147483647 instead of NaN'],
    ['timeout', Infinity, 'parameter.timeout should be Number above 0 and at most 2147483647 instead of Infinity'],
    ['timeout', 2 ** 31, 'parameter.timeout should be Number above 0 and at most 2147483647 instead of 2147483648'],
  ])('rejects parameter.%s = %p', async (name, value, message) => {
    installQQ(answer())
    await expect(getQQRunData({ [name]: value })).rejects.toEqual({ errMsg: prefix + message })
  })

  it('calls the valid callbacks with the parameter error, and never QQ', async () => {
    const native = installQQ(answer())
    const { log, fail, complete } = recorder()
    await expect(getQQRunData({ success: null as never, fail, complete, timeout: 'x' as never })).rejects.toEqual({
      errMsg: prefix + 'parameter.timeout should be Number instead of String',
    })
    expect(native).not.toHaveBeenCalled()
    expect(log.map(([name]) => name)).toEqual(['fail', 'complete'])
    await expect(getQQRunData({ success: 5 as never, fail })).rejects.toEqual({
      errMsg: prefix + 'parameter.success should be Function instead of Number',
    })
  })

  it('reports the first bad callback, in the order success, fail, complete', async () => {
    await expect(getQQRunData({ complete: 1 as never, success: null as never })).rejects.toEqual({
      errMsg: prefix + 'parameter.complete should be Function instead of Number',
    })
    await expect(getQQRunData({ complete: 1 as never, fail: 'no' as never })).rejects.toEqual({
      errMsg: prefix + 'parameter.fail should be Function instead of String',
    })
  })

  it.each<[string, object]>([
    ['a null-prototype object', Object.create(null)],
    ['a class instance', new (class Option {})()],
    ['an object from another realm', runInNewContext('({ timeout: 1000 })')],
  ])('accepts %s as the option', async (_, option) => {
    installQQ(answer())
    await expect(getQQRunData(option)).resolves.toBe(OK)
  })

  it.each([null, undefined])('treats %p as an empty option', async (option) => {
    installQQ(answer())
    await expect(getQQRunData(option)).resolves.toBe(OK)
  })

  it('accepts the largest timeout setTimeout can hold', async () => {
    installQQ(answer())
    await expect(getQQRunData({ timeout: 2147483647 })).resolves.toBe(OK)
  })

  it('never throws synchronously and never changes the caller\'s option, whatever it is given', async () => {
    installQQ(answer())
    await fc.assert(
      fc.asyncProperty(fc.anything({ withBigInt: true, withMap: true, withSet: true }), async (option) => {
        const before = fc.stringify(option)
        let outcome: unknown
        expect(() => {
          outcome = settled(getQQRunData(option as never))
        }).not.toThrow()
        const result = (await outcome) as { resolved?: unknown; rejected?: { errMsg: string } }
        if ('rejected' in result) expect(result.rejected?.errMsg).toMatch(/^getQQRunData:fail parameter error: parameter/)
        expect(fc.stringify(option)).toBe(before)
      }),
    )
  })

  it('reads each option once, and uses what it checked', async () => {
    installQQ(answer())
    const reads: string[] = []
    const success = jest.fn()
    const option = {
      get success() {
        reads.push('success')
        // A second read would get something that fails the check.
        return reads.filter((name) => name == 'success').length > 1 ? 'not a function' : success
      },
      get timeout() {
        reads.push('timeout')
        return 1000
      },
    }
    await expect(getQQRunData(option as never)).resolves.toBe(OK)
    expect(success).toHaveBeenCalledWith(OK)
    expect(reads).toEqual(['success', 'timeout'])
  })

  it('does not change a frozen option, and can use it', async () => {
    installQQ(answer())
    const option = Object.freeze({ success: jest.fn(), timeout: 500 })
    await expect(getQQRunData(option)).resolves.toBe(OK)
    expect(option.success).toHaveBeenCalledWith(OK)
  })
})
