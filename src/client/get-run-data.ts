import type { CallbackOption } from './contract'
import type { RunDataFailResult } from './not-supported'
import { RUN_DATA_PLATFORMS, runDataFlow, runDataHost, type RunDataPlatform } from './run-data-flow'

/**
 * What `success` receives and the Promise resolves with: the platform and its encrypted run
 * data. Send `platform`, `encryptedData` and `iv` to your server: it decrypts both platforms'
 * data the same way, with the `session_key` of the matching login.
 *
 * @example
 * { errMsg: 'getRunData:ok', platform: 'weapp', encryptedData: 'qBr…==', iv: 'r7B…==' }
 */
export interface GetRunDataSuccessResult {
  errMsg: string
  platform: RunDataPlatform
  encryptedData: string
  iv: string
  /** WeChat's cloud ID of the data, sent only to apps with cloud development enabled. */
  cloudID?: string
}

/**
 * The option of {@link getRunData}: `success`, `fail`, `complete` and `timeout` (ms).
 *
 * @example
 * getRunData({ timeout: 10000, fail: (res) => console.warn(res.errMsg) })
 */
export type GetRunDataOption = CallbackOption<GetRunDataSuccessResult, RunDataFailResult>

/**
 * True inside QQ with `qq.getQQRunData`, and inside WeChat with `wx.getWeRunData`.
 *
 * @example
 * import { isRunDataSupported } from 'taro-qq-run-data'
 *
 * const showSteps = isRunDataSupported()
 */
export function isRunDataSupported(): boolean {
  return !!runDataHost(RUN_DATA_PLATFORMS)[1]
}

/**
 * Gets the user's run data on QQ (`qq.getQQRunData`) and on WeChat (`wx.getWeRunData`) with one
 * call and one contract, and says which platform it came from. Call `Taro.login` first.
 *
 * - Resolves `{ errMsg: 'getRunData:ok', platform, encryptedData, iv, cloudID? }`.
 * - A native failure is passed through unchanged, so its `errMsg` names the native API.
 * - Everywhere else it fails with `{ errMsg: 'getRunData:fail not supported on <platform>',
 *   platform }`.
 *
 * @example
 * import { getRunData } from 'taro-qq-run-data'
 *
 * const { platform, encryptedData, iv } = await getRunData({ timeout: 10000 })
 */
export function getRunData(option?: GetRunDataOption | null): Promise<GetRunDataSuccessResult> {
  return runDataFlow('getRunData', option, RUN_DATA_PLATFORMS, false)
}
