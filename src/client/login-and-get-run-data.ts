import type { CallbackOption } from './contract'
import type { RunDataFailResult } from './not-supported'
import { RUN_DATA_PLATFORMS, runDataFlow, type RunDataPlatform } from './run-data-flow'

/**
 * What `success` receives and the Promise resolves with: the platform, the login `code` and the
 * encrypted run data, ready to post to your server in one request.
 *
 * @example
 * { errMsg: 'loginAndGetRunData:ok', platform: 'qq', code: '0a3b…', encryptedData: 'qBr…==', iv: 'r7B…==' }
 */
export interface LoginAndGetRunDataSuccessResult {
  errMsg: string
  platform: RunDataPlatform
  code: string
  encryptedData: string
  iv: string
  /** WeChat's cloud ID of the data, sent only to apps with cloud development enabled. */
  cloudID?: string
}

/**
 * The option of {@link loginAndGetRunData}: `success`, `fail`, `complete` and `timeout` (ms, for
 * the whole flow).
 *
 * @example
 * loginAndGetRunData({ timeout: 15000, fail: (res) => console.warn(res.errMsg) })
 */
export type LoginAndGetRunDataOption = CallbackOption<LoginAndGetRunDataSuccessResult, RunDataFailResult>

/**
 * On QQ calls `qq.login`, then `qq.getQQRunData`; on WeChat `wx.login`, then `wx.getWeRunData`;
 * in that order and once each. Resolves
 * `{ errMsg: 'loginAndGetRunData:ok', platform, code, encryptedData, iv, cloudID? }`: the code and
 * the data belong to the same `session_key`, so the server can decrypt what it receives.
 *
 * Same contract as `getQQRunData`. A failure of a native step is passed through unchanged, so its
 * `errMsg` names the step (`'login:fail …'`, `'getWeRunData:fail …'`); elsewhere it fails with
 * `'loginAndGetRunData:fail not supported on <platform>'`.
 *
 * @example
 * import Taro from '@tarojs/taro'
 * import { loginAndGetRunData } from 'taro-qq-run-data'
 *
 * const { platform, code, encryptedData, iv } = await loginAndGetRunData({ timeout: 15000 })
 * await Taro.request({ url: '/api/steps', method: 'POST', data: { platform, code, encryptedData, iv } })
 */
export function loginAndGetRunData(option?: LoginAndGetRunDataOption | null): Promise<LoginAndGetRunDataSuccessResult> {
  return runDataFlow('loginAndGetRunData', option, RUN_DATA_PLATFORMS, true)
}
