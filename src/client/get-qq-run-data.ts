import { callWithContract, type CallbackOption, type NativeCallbacks, type Settle } from './contract'
import { detectPlatform, type Platform } from './platform'
import { notSupported, type GetQQRunDataFailResult } from './not-supported'

/**
 * What `success` receives and the Promise resolves with: QQ's native result, unchanged.
 * Send `encryptedData` and `iv` to your server, which decrypts them with the user's
 * `session_key` (see `taro-qq-run-data/server`).
 *
 * @example
 * { errMsg: 'getQQRunData:ok', encryptedData: 'qBr…==', iv: 'r7B…==' }
 */
export interface GetQQRunDataSuccessResult {
  errMsg: string
  encryptedData: string
  iv: string
}

/**
 * The option of {@link getQQRunData}: `success`, `fail`, `complete` and `timeout` (ms).
 *
 * @example
 * getQQRunData({ timeout: 10000, fail: (res) => console.warn(res.errMsg) })
 */
export type GetQQRunDataOption = CallbackOption<GetQQRunDataSuccessResult, GetQQRunDataFailResult>

const API = 'getQQRunData'

/** The native method named `name`, when the platform is QQ and its base library has it. */
export const qqApi = (platform: Platform, name: keyof QQRuntime) => {
  // One read of the global: each one is a look-up on the global object.
  const host = platform == 'qq' && typeof qq == 'object' && qq
  return host && typeof host[name] == 'function' && host
}

/**
 * True only inside QQ with a base library that has `qq.getQQRunData`.
 *
 * @example
 * import { isQQRunDataSupported } from 'taro-qq-run-data'
 *
 * const showSteps = isQQRunDataSupported()
 */
export function isQQRunDataSupported(): boolean {
  return !!qqApi(detectPlatform(), API)
}

/**
 * Gets the user's QQ run data (QQ运动步数) of the last 30 days, encrypted, on every platform
 * with one behaviour. Call `qq.login` first, and don't call it again before your server has
 * decrypted the data: a new login rotates `session_key`.
 *
 * - On QQ it forwards to `qq.getQQRunData` and passes the native result through unchanged.
 * - Everywhere else, and on QQ base libraries without the API, it fails with
 *   `{ errMsg: 'getQQRunData:fail not supported on <platform>', platform }`.
 * - `success`/`fail` → `complete` → the Promise settles, always asynchronously and once.
 * - A throwing callback still lets `complete` run and the Promise settle; the error is raised
 *   again on a later tick for `App.onError`.
 * - With `fail` or `complete` passed, an ignored rejected Promise is not reported.
 *
 * @example
 * import { getQQRunData } from 'taro-qq-run-data'
 *
 * const { encryptedData, iv } = await getQQRunData({ timeout: 10000 })
 * await Taro.request({ url: '/api/steps', method: 'POST', data: { encryptedData, iv } })
 */
export function getQQRunData(option?: GetQQRunDataOption | null): Promise<GetQQRunDataSuccessResult> {
  return callWithContract(API, option, start)
}

// Hoisted: it captures nothing, so no call needs a closure of its own for it.
const start = (settle: Settle, native: NativeCallbacks) => {
  const platform = detectPlatform()
  const runtime = qqApi(platform, API)
  if (runtime) runtime[API]!(native)
  else settle(false, notSupported(API, platform))
}
