import { createDecipheriv, randomBytes } from 'node:crypto'
import { base64Problem } from '../shared/base64'
import { MAX_TIMEOUT } from '../shared/limits'
import { HOSTS, type Platform } from '../shared/platforms'
import type { RunData } from '../shared/run-data'
import { stepInfoListProblem, type StepInfo } from '../shared/step-info'
import { is16Bytes, isCount, isFilled, isObject, shouldBe } from '../shared/validation'
import { encryptOpenData } from './encrypt-open-data'
import { issuedCodes } from './issued-codes'
import { misuse } from './misuse'
import { plausibleSteps, stepsEndingToday } from './plausible-steps'

/**
 * The options both mocks take: {@link MockQQRuntimeOptions} and `MockWeChatRuntimeOptions`.
 *
 * @example
 * const options: MockRuntimeOptions = { steps: [8000, 12000, 3000], delay: 20, watermark: false }
 */
export interface MockRuntimeOptions {
  /**
   * The appid the platform writes into the watermark, and the app the login code is for.
   *
   * @default '1109876543' (QQ), 'wx4f4bc4dec97d474b' (WeChat)
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
   * @default plausible days ending today (Asia/Shanghai): 30 on QQ, 31 on WeChat
   */
  steps?: number[] | StepInfo[]
  /**
   * How the run-data API answers: with the encrypted data; with the platform's refusal (`'deny'`:
   * `fail` with `{ errMsg: '<api>:fail auth deny' }`, as when the user refused the scope); with
   * `fail` (then `complete`) and the given result; or never.
   *
   * @default 'success'
   */
  respond?: 'success' | 'deny' | { fail: { errMsg: string; errCode?: number } } | 'never'
  /**
   * Whether the encrypted data carries a `watermark` (`{ appid, timestamp }`). `false` leaves it
   * out, as QQ's documentation shows run data.
   *
   * @default true
   */
  watermark?: boolean
  /**
   * How long `login` and the run-data API take to answer, in ms. They always answer
   * asynchronously, like the platforms.
   *
   * @default 0
   */
  delay?: number
  /**
   * The `code` that `login` gives. Each `login` makes it good for one exchange with
   * `startFakeCode2SessionServer`, as a real login does.
   *
   * @default 'mock-code-' and 16 random hex digits
   */
  loginCode?: string
}

type Callbacks = { success?: (res: unknown) => void; fail?: (res: unknown) => void; complete?: (res: unknown) => void }
type Host = Record<string, unknown>

/** What the mocks' `request` takes: the part of the platforms' `request` option they honour. */
interface RequestOption extends Callbacks {
  url?: unknown
  method?: unknown
  header?: unknown
  data?: unknown
  dataType?: unknown
}

/**
 * The event a cloud function gets from `wx.cloud.callFunction`, as `mockWeChatRuntime({ cloud })`
 * hands it over: the call's `data`, where each top-level `wx.cloud.CloudID(cloudID)` became the
 * open data it stands for, and `userInfo`.
 *
 * @example
 * const event: MockCloudEvent = { weRunData: { cloudID: 'mock-cloud-id-…', data: { stepInfoList, watermark } }, userInfo: { openId, appId } }
 */
export interface MockCloudEvent {
  [name: string]: unknown
  /** Who called: the user's openid and the app. */
  userInfo: { openId: string; appId: string }
}

/**
 * A cloud function, as `mockWeChatRuntime({ cloud })` takes it: the event in, the result (or a
 * Promise of it) out.
 *
 * @example
 * const steps: MockCloudFunction = (event) => (event.weRunData as { data: RunData }).data.stepInfoList
 */
export type MockCloudFunction = (event: MockCloudEvent) => unknown

/** What one mock is: its name for errors, the platform it plays and its run-data API. */
export interface RuntimeKind {
  api: string
  platform: Platform
  defaultAppId: string
  defaultDays: number
  /** The run-data method the mock counts (`getQQRunData`, `getWeRunData`). */
  method: 'getQQRunData' | 'getWeRunData'
  /** Whether the host has that method: not where the mock plays a host without it. */
  served: boolean
  /** What the success result adds beside `encryptedData` and `iv` (WeChat's `cloudID`). */
  extra?: Record<string, string>
  /** Further globals that get the same host object (QQ's `wx` alias). */
  aliases?: readonly string[]
  /** The cloud function behind `wx.cloud.callFunction` (WeChat only). */
  cloud?: MockCloudFunction
}

/** The part of an installed mock both mocks share. */
export interface InstalledRuntime {
  restore(): void
  expireSession(): void
  calls: Record<string, number>
  readonly sessionKey: string
  appId: string
  loginCode: string
  openid: string
  expected: RunData
}

let installed = false

/** Whether `steps` is a list of daily counts rather than of entries. */
const isCounts = (steps: unknown[]): steps is number[] => steps.every((step) => typeof step == 'number')

/** Throws the mock's `TypeError` for anything wrong with the options both mocks share. */
export function checkRuntimeOptions(api: string, options: MockRuntimeOptions): void {
  const fail = (problem: string) => misuse(api, problem)
  if (!isObject(options)) fail(shouldBe('options', 'Object', options))
  const { appId, sessionKey, steps, respond, watermark, delay, loginCode } = options
  if (appId !== undefined && !isFilled(appId)) fail(shouldBe('options.appId', 'a non-empty String', appId))
  if (loginCode !== undefined && !isFilled(loginCode)) fail(shouldBe('options.loginCode', 'a non-empty String', loginCode))
  if (sessionKey !== undefined) misuse(api, base64Problem('options.sessionKey', sessionKey, is16Bytes, 'base64 of 16 bytes'))
  if (steps !== undefined) {
    const problem = Array.isArray(steps) && isCounts(steps)
      ? steps.every((step) => isCount(step)) ? undefined : 'options.steps should hold integers >= 0'
      : stepInfoListProblem(steps, 'options.steps')
    if (problem) fail(`${problem} (a list of daily step counts, or of { timestamp, step } entries)`)
  }
  if (
    respond !== undefined &&
    respond !== 'success' &&
    respond !== 'deny' &&
    respond !== 'never' &&
    !(isObject(respond) && isObject(respond.fail) && typeof respond.fail.errMsg == 'string')
  )
    fail(`options.respond should be 'success', 'deny', 'never' or { fail: { errMsg, errCode? } }`)
  if (watermark !== undefined && typeof watermark != 'boolean') fail(shouldBe('options.watermark', 'Boolean', watermark))
  if (delay !== undefined && !isCount(delay, MAX_TIMEOUT)) fail(`options.delay should be an integer from 0 to ${MAX_TIMEOUT}`)
}

// QQ openids are 32 hex digits; WeChat's are 28 characters starting with 'o'.
const newOpenid = (platform: Platform) =>
  platform == 'weapp' ? `o${randomBytes(21).toString('base64url').slice(0, 27)}` : randomBytes(16).toString('hex').toUpperCase()

/**
 * Installs the host object of `kind` on `globalThis` (checked options in), sets
 * `process.env.TARO_ENV`, and registers every login code it hands out with the fake
 * code2Session server.
 */
export function installRuntime(kind: RuntimeKind, options: MockRuntimeOptions): InstalledRuntime {
  const { api, platform, method } = kind
  if (installed) misuse(api, 'a mock runtime is already installed; call restore() on it before installing another')
  let {
    sessionKey = randomBytes(16).toString('base64'),
  } = options
  const {
    appId = kind.defaultAppId,
    loginCode = `mock-code-${randomBytes(8).toString('hex')}`,
    respond = 'success',
    watermark = true,
    delay = 0,
  } = options
  const now = Math.floor(Date.now() / 1000)
  const { steps = plausibleSteps(kind.defaultDays) } = options
  const stepInfoList = isCounts(steps)
    ? stepsEndingToday(steps, now)
    : (steps as StepInfo[]).map(({ timestamp, step }) => ({ timestamp, step }))
  const expected: RunData = watermark ? { stepInfoList, watermark: { appid: appId, timestamp: now } } : { stepInfoList }
  const openid = newOpenid(platform)
  const calls: Record<string, number> = { login: 0, checkSession: 0, request: 0, [method]: 0 }
  // Answers still on their way; restore() cancels them, so none lands in the next test.
  const pending = new Set<ReturnType<typeof setTimeout>>()
  const requests = new Set<AbortController>()
  const storage = new Map<string, unknown>()
  let expired = false
  let restored = false
  // The data the run-data API gave last, for the cloud to open by its cloudID.
  let given: { encryptedData: string; iv: string; sessionKey: string } | undefined

  // Like the platforms: answer later, success or fail first, then complete with the same object.
  const answer = (callbacks: Callbacks | undefined, ok: boolean, res: unknown) => {
    // A request aborted by restore() answers no one.
    if (restored) return
    const timer = setTimeout(() => {
      pending.delete(timer)
      ;(ok ? callbacks?.success : callbacks?.fail)?.(res)
      callbacks?.complete?.(res)
    }, delay)
    pending.add(timer)
  }

  const host: Host = {
    login(callbacks?: Callbacks) {
      calls.login!++
      // After expireSession(), as the platform may: a new login gives a new session key.
      if (expired) sessionKey = randomBytes(16).toString('base64')
      expired = false
      // What the platform's servers learn at a login: which session key the code stands for.
      issuedCodes().set(loginCode, { platform: platform == 'weapp' ? 'weapp' : 'qq', appId, sessionKey, openid, used: false })
      answer(callbacks, true, { errMsg: 'login:ok', code: loginCode })
    },
    checkSession(callbacks?: Callbacks) {
      calls.checkSession!++
      answer(callbacks, !expired, { errMsg: expired ? 'checkSession:fail session expired' : 'checkSession:ok' })
    },
    request(option: RequestOption = {}) {
      calls.request!++
      const controller = new AbortController()
      requests.add(controller)
      send(option, controller.signal).then(
        (res) => answer(option, true, res),
        (error: Error) => answer(option, false, { errMsg: `request:fail ${error.message}` }),
      ).then(() => requests.delete(controller))
    },
    // The platforms answer '' for a key that holds nothing.
    getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
    removeStorageSync: (key: string) => void storage.delete(key),
  }
  if (kind.served)
    host[method] = (callbacks?: Callbacks) => {
      calls[method]!++
      if (respond == 'never') return
      if (respond == 'success') {
        given = { ...encryptOpenData(expected, { sessionKey }), sessionKey }
        answer(callbacks, true, { errMsg: `${method}:ok`, encryptedData: given.encryptedData, iv: given.iv, ...kind.extra })
      } else answer(callbacks, false, respond == 'deny' ? { errMsg: `${method}:fail auth deny` } : { ...respond.fail })
    }
  if (kind.cloud) {
    const cloudFunction = kind.cloud
    // What the cloud finds behind a cloudID: the data the run-data API gave last, decrypted.
    const open = (cloudID: string) => {
      if (!given || cloudID != kind.extra?.cloudID) return { cloudID, errCode: -1, errMsg: 'the mock gave no data with this cloudID' }
      const decipher = createDecipheriv('aes-128-cbc', Buffer.from(given.sessionKey, 'base64'), Buffer.from(given.iv, 'base64'))
      const json = Buffer.concat([decipher.update(given.encryptedData, 'base64'), decipher.final()]).toString('utf8')
      return { cloudID, data: JSON.parse(json) as unknown }
    }
    host.cloud = {
      CloudID: (cloudID: string) => new MockCloudID(cloudID),
      callFunction(option: Callbacks & { name?: unknown; data?: unknown } = {}) {
        const event: MockCloudEvent = { userInfo: { openId: openid, appId } }
        // As the cloud does: the data travels as JSON, and only top-level CloudIDs are opened.
        for (const [name, value] of Object.entries(isObject(option.data) ? option.data : {}))
          event[name] = value instanceof MockCloudID ? open(value.cloudID) : JSON.parse(JSON.stringify(value) ?? 'null')
        Promise.resolve()
          .then(() => cloudFunction(event))
          .then(
            (result) => answer(option, true, { errMsg: 'cloud.callFunction:ok', result, requestID: randomBytes(8).toString('hex') }),
            (error: unknown) =>
              answer(option, false, { errMsg: `cloud.callFunction:fail ${error instanceof Error ? error.message : String(error)}`, errCode: -504002 }),
          )
      },
    }
  }

  const global = globalThis as Record<string, unknown>
  const main = HOSTS.find(([host]) => host == platform)?.[1]
  const names = main ? [main, ...(kind.aliases ?? [])] : []
  const before = names.map((name) => Object.getOwnPropertyDescriptor(global, name))
  const env = process.env
  const hadEnv = Object.prototype.hasOwnProperty.call(env, 'TARO_ENV')
  const envBefore = env.TARO_ENV
  for (const name of names) Object.defineProperty(global, name, { value: host, configurable: true, writable: true, enumerable: true })
  env.TARO_ENV = platform
  installed = true

  return {
    calls,
    get sessionKey() {
      return sessionKey
    },
    expireSession() {
      expired = true
    },
    appId,
    loginCode,
    openid,
    expected,
    restore() {
      if (restored) return
      restored = true
      installed = false
      for (const timer of pending) clearTimeout(timer)
      for (const controller of requests) controller.abort()
      names.forEach((name, i) => {
        const descriptor = before[i]
        if (descriptor) Object.defineProperty(global, name, descriptor)
        else delete global[name]
      })
      if (hadEnv) env.TARO_ENV = envBefore
      else delete env.TARO_ENV
    },
  }
}

/** What `wx.cloud.CloudID(cloudID)` returns in the mock: a marker the cloud opens. */
class MockCloudID {
  constructor(readonly cloudID: string) {}
  // Below the top level the cloud leaves a CloudID as its string.
  toJSON() {
    return this.cloudID
  }
}

/**
 * Sends the mocks' `request` over real HTTP with `fetch`, and answers as the platforms do:
 * `{ errMsg: 'request:ok', statusCode, data, header }` for every status; `data` parsed as JSON
 * unless `dataType` says otherwise or the body is no JSON.
 */
async function send(option: RequestOption, signal: AbortSignal) {
  const { url, method = 'GET', header, data, dataType = 'json' } = option
  if (typeof url != 'string') throw new Error(`url should be String instead of ${typeof url}`)
  const headers: Record<string, string> = { ...(isObject(header) ? (header as Record<string, string>) : {}) }
  let body: string | undefined
  let target = url
  if (method == 'GET') {
    if (isObject(data)) {
      const query = new URLSearchParams(Object.entries(data).map(([key, value]) => [key, String(value)])).toString()
      if (query) target += (url.includes('?') ? '&' : '?') + query
    }
  } else if (data !== undefined) {
    body = typeof data == 'string' ? data : JSON.stringify(data)
    if (!Object.keys(headers).some((name) => name.toLowerCase() == 'content-type')) headers['content-type'] = 'application/json'
  }
  const response = await fetch(target, { method: String(method), headers, body, signal })
  const text = await response.text()
  let parsed: unknown = text
  if (dataType == 'json')
    try {
      parsed = JSON.parse(text)
    } catch {}
  const headersOut: Record<string, string> = {}
  response.headers.forEach((value, name) => (headersOut[name] = value))
  return { errMsg: 'request:ok', statusCode: response.status, data: parsed, header: headersOut }
}
