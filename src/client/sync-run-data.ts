import { callWithContract, failure, mistyped, nativeCallbacks, succeeded, thrownFailure, type CallbackOption } from './contract'
import type { NativeHost } from './host'
import { notSupported, type RunDataFailResult } from './not-supported'
import { RUN_DATA, RUN_DATA_PLATFORMS, runDataHost, type RunDataPlatform } from './run-data-flow'
import type { RunDataAnswer } from '../shared/run-data-answer'
import { typeName } from '../shared/type-name'

/**
 * What `fail` and `complete` receive, and what the Promise rejects with, when
 * {@link syncRunData} fails. An answer of the endpoint that is not a 2xx gives
 * `errMsg: 'syncRunData:fail HTTP <status>'` with its `statusCode` and its `data`.
 *
 * @example
 * { errMsg: 'syncRunData:fail HTTP 503', statusCode: 503, data: { error: 'try again later' } }
 */
export interface SyncRunDataFailResult extends RunDataFailResult {
  /** The HTTP status of the endpoint's answer, when it answered with another than 2xx. */
  statusCode?: number
  /** The body of that answer, as the host's `request` parsed it. */
  data?: unknown
}

/**
 * The option of {@link syncRunData}: where to send the data (`url` or `cloudFunction`, exactly
 * one), and `success`, `fail`, `complete` and `timeout` (ms, for the whole call).
 *
 * @example
 * syncRunData({ url: 'https://api.example.com/steps', timeout: 15000, fail: (res) => console.warn(res.errMsg) })
 */
export interface SyncRunDataOption<T = RunDataAnswer> extends CallbackOption<T, SyncRunDataFailResult> {
  /** The endpoint of `createRunDataHandler`, with `sessions` on. */
  url?: string
  /** Or: the name of a WeChat cloud function that gets the data (WeChat only). */
  cloudFunction?: string
  /** Headers sent with every request to `url`. */
  header?: Record<string, string>
  /**
   * The storage key the session token is kept under, with the host's `setStorageSync`.
   *
   * @default 'taro-qq-run-data:session'
   */
  storageKey?: string
}

const API = 'syncRunData'

type Answer = Record<string, unknown>
type StorageHost = Record<'getStorageSync' | 'setStorageSync' | 'removeStorageSync', (key: string, value?: string) => unknown>
type CloudHost = NativeHost & { CloudID: (cloudID: string) => unknown }

// One login at a time per host and storage key: a second login would rotate the session_key
// under the data of the first one.
const logins: Record<string, Promise<string> | undefined> = {}

/** Calls a native method with callbacks, as a Promise of its success result. */
const call = (host: NativeHost, name: string, option?: object) =>
  new Promise<Answer>((resolve, reject) =>
    host[name]!({ ...option, ...nativeCallbacks((res, ok) => (succeeded(res, ok) ? resolve((res || {}) as Answer) : reject(res))) }),
  )

/** A failure of any step, said as this call's: `'login:fail …'` becomes `'syncRunData:fail …'`. */
const reworded = (res: unknown) => {
  const errMsg = res && (res as Answer).errMsg
  return typeof errMsg == 'string'
    ? { ...(res as Answer), errMsg: `${API}:fail ${errMsg.replace(/^[^:\s]*:fail[ :]?/, '')}` }
    : thrownFailure(API, res)
}

/**
 * Sends the user's run data to your endpoint, logging in only when the session is gone, or to a
 * WeChat cloud function, and resolves with the answer.
 *
 * With `url` (QQ and WeChat; the endpoint is `createRunDataHandler` with `sessions`):
 * 1. A stored token and a successful `checkSession`: no login. Otherwise it calls `login`, posts
 *    `{ platform, code }` and stores the `session` it gets back under `storageKey`.
 * 2. After any login it gets the run data and posts `{ platform, session, encryptedData, iv }`.
 * 3. A 2xx resolves with the answer's JSON. A `401` with `relogin: true` on a token that was not
 *    fresh removes it and logs in once more (at most once per call). Any other status fails with
 *    `{ errMsg: 'syncRunData:fail HTTP <status>', statusCode, data }`.
 * 4. Calls at the same moment share one login: a second login would rotate the `session_key`.
 *
 * With `cloudFunction` (WeChat only): it gets the run data and calls
 * `wx.cloud.callFunction({ name, data: { weRunData: wx.cloud.CloudID(cloudID) } })`, resolving
 * with the function's `result`; no login and no storage. Call `Taro.cloud.init()` first.
 *
 * Same contract as `getQQRunData`. A failed step fails the call with its reason said as
 * `'syncRunData:fail <reason>'` (`isAuthDenied` recognises a refusal); elsewhere it fails with
 * `'syncRunData:fail not supported on <platform>'`.
 *
 * @example
 * import { syncRunData } from 'taro-qq-run-data'
 *
 * const { days, summary } = await syncRunData({ url: 'https://api.example.com/steps', timeout: 15000 })
 */
export function syncRunData<T = RunDataAnswer>(option: SyncRunDataOption<T>): Promise<T> {
  return callWithContract(API, option, (settle, settled) => {
    const { url, cloudFunction, header, storageKey = 'taro-qq-run-data:session' } = (option || {}) as SyncRunDataOption<T>
    const problem =
      mistyped('url', url, 'String') ||
      mistyped('cloudFunction', cloudFunction, 'String') ||
      (header != null && typeName(header) != 'Object' && `.header should be Object instead of ${typeName(header)}`) ||
      mistyped('storageKey', storageKey, 'String') ||
      (url == null && cloudFunction == null && '.url or parameter.cloudFunction is required') ||
      (url != null && cloudFunction != null && '.url and parameter.cloudFunction cannot be given together') ||
      (url === '' && '.url should not be empty') ||
      (cloudFunction === '' && '.cloudFunction should not be empty') ||
      (storageKey === '' && '.storageKey should not be empty')
    if (problem) return settle(failure(API, 'parameter error: parameter' + problem), false)

    const flow = url
      ? syncWithEndpoint(url, header, storageKey, settled)
      : syncWithCloud(cloudFunction!, settled)
    if (flow) flow.then((res) => settle(res, true), (res) => settle(reworded(res), false))
    else settle(notSupported(API, runDataHost(RUN_DATA_PLATFORMS)[0]), false)
  })
}

/** The flow with `url`, or `undefined` where the host lacks a method it needs. */
function syncWithEndpoint(
  url: string,
  header: Record<string, string> | undefined,
  storageKey: string,
  settled: () => boolean | undefined,
): Promise<unknown> | undefined {
  const [detected, host] = runDataHost(
    RUN_DATA_PLATFORMS,
    'login',
    'checkSession',
    'request',
    'getStorageSync',
    'setStorageSync',
    'removeStorageSync',
  )
  if (!host) return
  const platform = detected as RunDataPlatform
  const [[, global], method] = RUN_DATA[platform]
  const storage = host as unknown as StorageHost
  const slot = platform + ' ' + storageKey

  // Storage that fails is no reason to fail the call: the token lives on for this call, and the
  // next one logs in again.
  const stored = () => {
    try {
      const token = storage.getStorageSync(storageKey)
      return typeof token == 'string' && token
    } catch {}
  }
  const store = (token?: string) => {
    try {
      if (token) storage.setStorageSync(storageKey, token)
      else storage.removeStorageSync(storageKey)
    } catch {}
  }
  const post = (data: object) =>
    call(host, 'request', { url, method: 'POST', header, data }).then(({ statusCode, data: body }) => {
      if ((statusCode as number) >= 200 && (statusCode as number) < 300) return body as Answer
      throw { errMsg: `${API}:fail HTTP ${statusCode}`, statusCode, data: body }
    })
  const login = () => {
    if (logins[slot]) return logins[slot]!
    const running = (logins[slot] = call(host, 'login')
      .then(({ code }) => {
        if (!code || typeof code != 'string') throw failure(API, `${global}.login gave no code`)
        return post({ platform, code })
      })
      .then((body) => {
        const session = body && body.session
        if (!session || typeof session != 'string')
          throw failure(API, 'the endpoint answered the login without a session: give createRunDataHandler its sessions')
        store(session)
        return session
      }))
    const forget = () => (logins[slot] = undefined)
    running.then(forget, forget)
    return running
  }

  // [the token, whether it comes from a login of this call]
  const session = async (): Promise<[string, boolean]> => {
    const token = !logins[slot] && stored()
    if (token && (await call(host, 'checkSession').then(() => 1, () => 0))) return [token, false]
    return [await login(), true]
  }

  const attempt = async (relogin?: boolean): Promise<unknown> => {
    const [token, fresh] = relogin ? [await login(), true] : await session()
    if (settled()) return
    const { encryptedData, iv } = await call(host, method)
    if (typeof encryptedData != 'string' || typeof iv != 'string') throw failure(API, `${global}.${method} gave no encryptedData and iv`)
    if (settled()) return
    return post({ platform, session: token, encryptedData, iv }).catch((res: SyncRunDataFailResult) => {
      if (fresh || res.statusCode != 401 || !(res.data && (res.data as Answer).relogin === true)) throw res
      if (stored() == token) store()
      return attempt(true)
    })
  }
  return attempt()
}

/** The flow with `cloudFunction`, or `undefined` off WeChat. */
function syncWithCloud(name: string, settled: () => boolean | undefined): Promise<unknown> | undefined {
  const host = runDataHost(['weapp'])[1]
  if (!host) return
  const cloud = (host as unknown as { cloud?: CloudHost }).cloud
  return (async () => {
    if (!cloud || typeof cloud.callFunction != 'function' || typeof cloud.CloudID != 'function')
      throw failure(API, 'wx.cloud is missing: call Taro.cloud.init() first')
    const { cloudID } = await call(host, 'getWeRunData')
    if (!cloudID || typeof cloudID != 'string')
      throw failure(API, 'wx.getWeRunData gave no cloudID: turn on cloud development and call Taro.cloud.init() first')
    if (settled()) return
    const { result } = await call(cloud, 'callFunction', { name, data: { weRunData: cloud.CloudID(cloudID) } })
    return result
  })()
}
