import { callWithContract, type CallbackOption, type Settle } from './contract'
import { forward, hostWith } from './host'
import type { GetQQRunDataFailResult } from './not-supported'
import { detectPlatform } from './platform'
import { QQ_HOST } from '../shared/platforms'

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

/**
 * True only inside QQ with a base library that has `qq.getQQRunData`.
 *
 * @example
 * import { isQQRunDataSupported } from 'taro-qq-run-data'
 *
 * const showSteps = isQQRunDataSupported()
 */
export function isQQRunDataSupported(): boolean {
  return detectPlatform() == 'qq' && !!hostWith(QQ_HOST, API)
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

// Module-level: it captures nothing, so every call shares it.
const start = (settle: Settle) => forward(settle, API, QQ_HOST)
