import { callWithContract, type CallbackOption, type Settle } from './contract'
import { forward } from './host'
import type { RunDataFailResult } from './not-supported'
import { WECHAT_HOST } from '../shared/platforms'

/**
 * What `success` receives and the Promise resolves with: WeChat's native result, unchanged.
 * `cloudID` comes only from apps with WeChat's cloud development enabled (base library 2.7.0+).
 *
 * @example
 * { errMsg: 'getWeRunData:ok', encryptedData: 'qBr…==', iv: 'r7B…==', cloudID: '1_GcA…' }
 */
export interface GetWeRunDataSuccessResult {
  errMsg: string
  encryptedData: string
  iv: string
  cloudID?: string
}

/**
 * The option of {@link getWeRunData}: `success`, `fail`, `complete` and `timeout` (ms).
 *
 * @example
 * getWeRunData({ timeout: 10000, fail: (res) => console.warn(res.errMsg) })
 */
export type GetWeRunDataOption = CallbackOption<GetWeRunDataSuccessResult, RunDataFailResult>

const API = 'getWeRunData'

/**
 * Gets the user's WeChat run data (微信运动步数) of the last 31 days, encrypted, with the same
 * contract as `getQQRunData`. Call `wx.login` first, and not again before your server has
 * decrypted the data.
 *
 * - On WeChat (`weapp`) it forwards to `wx.getWeRunData` and passes the native result through
 *   unchanged.
 * - Everywhere else it fails with `{ errMsg: 'getWeRunData:fail not supported on <platform>',
 *   platform }`, QQ included, although QQ also has a `wx` object.
 *
 * @example
 * import { getWeRunData } from 'taro-qq-run-data'
 *
 * const { encryptedData, iv } = await getWeRunData({ timeout: 10000 })
 */
export function getWeRunData(option?: GetWeRunDataOption | null): Promise<GetWeRunDataSuccessResult> {
  return callWithContract(API, option, start)
}

// Module-level: it captures nothing, so every call shares it.
const start = (settle: Settle) => forward(settle, API, WECHAT_HOST)
