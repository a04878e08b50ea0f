import { randomBytes } from 'node:crypto'
import { base64Problem } from '../shared/base64'
import { MAX_TIMEOUT } from '../shared/limits'
import { HOSTS, PLATFORMS, type Platform } from '../shared/platforms'
import type { RunData } from '../shared/run-data'
import { stepInfoListProblem, type StepInfo } from '../shared/step-info'
import { is16Bytes, isCount, isFilled, isObject, shouldBe } from '../shared/validation'
import { encryptOpenData } from './encrypt-open-data'
import { misuse } from './misuse'
import { plausibleSteps, stepsEndingToday } from './plausible-steps'

/**
 * The options of {@link mockQQRuntime}.
 *
 * @example
 * mockQQRuntime({ steps: [8000, 12000, 3000], delay: 20 })
 */
export interface MockQQRuntimeOptions {
  /**
   * The platform to pretend to be. `'qq'` installs a fake `qq`; `'weapp'`, `'alipay'`, `'swan'`,
   * `'tt'` and `'jd'` install that host's global (`wx`, `my`, …) with only `login`; every value
   * also sets `process.env.TARO_ENV`, as Taro's build would.
   *
   * @default 'qq'
   */
  platform?: Platform
  /**
   * The appid QQ writes into the watermark.
   *
   * @default '1109876543'
   */
  appId?: string
  /**
   * The user's `session_key`, standard base64 of 16 bytes, that the data is encrypted with.
   *
   * @default 16 random bytes
   */
  sessionKey?: string
  /**
   * The run data: step counts for the days ending today (oldest first), or the entries as they
   * are.
   *
   * @default 30 plausible days ending today (Asia/Shanghai)
   */
  steps?: number[] | StepInfo[]
  /**
   * How `getQQRunData` answers: with the encrypted data, with `fail` (then `complete`) and the
   * given result, or never.
   *
   * @default 'success'
   */
  respond?: 'success' | { fail: { errMsg: string; errCode?: number } } | 'never'
  /**
   * How long `login` and `getQQRunData` take to answer, in ms. They always answer
   * asynchronously, like QQ.
   *
   * @default 0
   */
  delay?: number
  /**
   * The `code` that `login` gives.
   *
   * @default 'mock-code-' and 16 random hex digits
   */
  loginCode?: string
}

/**
 * An installed mock: what it answers with, how often it was called, and how to remove it.
 *
 * @example
 * const runtime = mockQQRuntime()
 * afterEach(() => runtime.restore())
 */
export interface MockQQRuntime {
  /**
   * Puts back the globals and `process.env.TARO_ENV` exactly as they were, and cancels the
   * answers still on their way. Harmless when called again.
   */
  restore(): void
  /** How many times each API was called. */
  calls: { login: number; getQQRunData: number }
  /** The session key the data is encrypted with: hand it to your server code. */
  sessionKey: string
  /** The appid in the watermark. */
  appId: string
  /** The code `login` gives. */
  loginCode: string
  /** What `decryptQQRunData` must return for the data this mock gives. */
  expected: RunData
}

type Callbacks = { success?: (res: unknown) => void; fail?: (res: unknown) => void; complete?: (res: unknown) => void }

const API = 'mockQQRuntime'
const MOCKED_PLATFORMS: readonly Platform[] = [...PLATFORMS, 'unknown']

let installed = false

const fail = (message: string): never => misuse(API, message)

/** Whether `steps` is a list of daily counts rather than of entries. */
const isCounts = (steps: unknown[]): steps is number[] => steps.every((step) => typeof step == 'number')

function checkOptions(options: MockQQRuntimeOptions): void {
  if (!isObject(options)) fail(shouldBe('options', 'Object', options))
  const { platform, appId, sessionKey, steps, respond, delay, loginCode } = options
  if (platform !== undefined && !MOCKED_PLATFORMS.includes(platform))
    fail(`options.platform should be one of ${MOCKED_PLATFORMS.join(', ')} instead of ${JSON.stringify(platform)}`)
  if (appId !== undefined && !isFilled(appId)) fail(shouldBe('options.appId', 'a non-empty String', appId))
  if (loginCode !== undefined && !isFilled(loginCode)) fail(shouldBe('options.loginCode', 'a non-empty String', loginCode))
  if (sessionKey !== undefined) misuse(API, base64Problem('options.sessionKey', sessionKey, is16Bytes, 'base64 of 16 bytes'))
  if (steps !== undefined) {
    const problem = Array.isArray(steps) && isCounts(steps)
      ? steps.every((step) => isCount(step)) ? undefined : 'options.steps should hold integers >= 0'
      : stepInfoListProblem(steps, 'options.steps')
    if (problem) fail(`${problem} (a list of daily step counts, or of { timestamp, step } entries)`)
  }
  if (
    respond !== undefined &&
    respond !== 'success' &&
    respond !== 'never' &&
    !(isObject(respond) && isObject(respond.fail) && typeof respond.fail.errMsg == 'string')
  )
    fail(`options.respond should be 'success', 'never' or { fail: { errMsg, errCode? } }`)
  if (delay !== undefined && !isCount(delay, MAX_TIMEOUT))
    fail(`options.delay should be an integer from 0 to ${MAX_TIMEOUT}`)
}

/**
 * Installs a fake QQ runtime on `globalThis`, so code that calls `getQQRunData` or
 * `loginAndGetQQRunData` runs in Jest or Node as it would inside QQ. `qq.getQQRunData` answers
 * with data really encrypted with `sessionKey`, so the app's client code and its server's
 * `decryptQQRunData` can be tested together. Node only.
 *
 * Only one mock can be installed at a time: installing a second one before `restore()` throws.
 *
 * @example
 * import { loginAndGetQQRunData } from 'taro-qq-run-data'
 * import { decryptQQRunData } from 'taro-qq-run-data/server'
 * import { mockQQRuntime } from 'taro-qq-run-data/testing'
 *
 * test('the steps reach the server intact', async () => {
 *   const runtime = mockQQRuntime({ steps: [8000, 12000] })
 *   try {
 *     const { encryptedData, iv } = await loginAndGetQQRunData()
 *     const data = decryptQQRunData({ encryptedData, iv, sessionKey: runtime.sessionKey, appId: runtime.appId })
 *     expect(data).toEqual(runtime.expected)
 *   } finally {
 *     runtime.restore()
 *   }
 * })
 */
export function mockQQRuntime(options: MockQQRuntimeOptions = {}): MockQQRuntime {
  checkOptions(options)
  if (installed)
    fail('a mock QQ runtime is already installed; call restore() on it before installing another')
  const {
    platform = 'qq',
    appId = '1109876543',
    sessionKey = randomBytes(16).toString('base64'),
    loginCode = `mock-code-${randomBytes(8).toString('hex')}`,
    respond = 'success',
    delay = 0,
  } = options
  const now = Math.floor(Date.now() / 1000)
  const { steps = plausibleSteps(30) } = options
  const stepInfoList = isCounts(steps)
    ? stepsEndingToday(steps, now)
    : (steps as StepInfo[]).map(({ timestamp, step }) => ({ timestamp, step }))
  const expected: RunData = { stepInfoList, watermark: { appid: appId, timestamp: now } }
  const calls = { login: 0, getQQRunData: 0 }
  // Answers still on their way; restore() cancels them, so none lands in the next test.
  const pending = new Set<ReturnType<typeof setTimeout>>()

  // Like QQ: answer later, success or fail first, then complete with the same object.
  const answer = (callbacks: Callbacks | undefined, ok: boolean, res: unknown) => {
    const timer = setTimeout(() => {
      pending.delete(timer)
      ;(ok ? callbacks?.success : callbacks?.fail)?.(res)
      callbacks?.complete?.(res)
    }, delay)
    pending.add(timer)
  }

  const host: Record<string, (callbacks?: Callbacks) => void> = {
    login(callbacks) {
      calls.login++
      answer(callbacks, true, { errMsg: 'login:ok', code: loginCode })
    },
  }
  if (platform == 'qq')
    host.getQQRunData = (callbacks) => {
      calls.getQQRunData++
      if (respond == 'never') return
      if (respond == 'success') answer(callbacks, true, { errMsg: 'getQQRunData:ok', ...encryptOpenData(expected, { sessionKey }) })
      else answer(callbacks, false, { ...respond.fail })
    }

  const name = HOSTS.find(([host]) => host == platform)?.[1]
  const global = globalThis as Record<string, unknown>
  const before = name && Object.getOwnPropertyDescriptor(global, name)
  const env = process.env
  const hadEnv = Object.prototype.hasOwnProperty.call(env, 'TARO_ENV')
  const envBefore = env.TARO_ENV
  if (name) Object.defineProperty(global, name, { value: host, configurable: true, writable: true, enumerable: true })
  env.TARO_ENV = platform
  installed = true

  let restored = false
  return {
    calls,
    sessionKey,
    appId,
    loginCode,
    expected,
    restore() {
      if (restored) return
      restored = true
      installed = false
      for (const timer of pending) clearTimeout(timer)
      if (name) {
        if (before) Object.defineProperty(global, name, before)
        else delete global[name]
      }
      if (hadEnv) env.TARO_ENV = envBefore
      else delete env.TARO_ENV
    },
  }
}
