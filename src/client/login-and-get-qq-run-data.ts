import type { CallbackOption } from './contract'
import type { GetQQRunDataFailResult } from './not-supported'
import { runDataFlow } from './run-data-flow'

/**
 * What `success` receives and the Promise resolves with: the login `code` and the encrypted run
 * data, ready to post to your server in one request. `platform` is always `'qq'`.
 *
 * @example
 * { errMsg: 'loginAndGetQQRunData:ok', platform: 'qq', code: '0a3b…', encryptedData: 'qBr…==', iv: 'r7B…==' }
 */
export interface LoginAndGetQQRunDataSuccessResult {
  errMsg: string
  platform: 'qq'
  code: string
  encryptedData: string
  iv: string
}

/**
 * The option of {@link loginAndGetQQRunData}: `success`, `fail`, `complete` and `timeout` (ms, for
 * the whole flow).
 *
 * @example
 * loginAndGetQQRunData({ timeout: 15000, fail: (res) => console.warn(res.errMsg) })
 */
export type LoginAndGetQQRunDataOption = CallbackOption<LoginAndGetQQRunDataSuccessResult, GetQQRunDataFailResult>

const QQ_ONLY = ['qq'] as const

/**
 * Calls `qq.login`, then `qq.getQQRunData`, in that order and once each, and resolves
 * `{ code, encryptedData, iv }`: `loginAndGetRunData` for QQ alone. Posting the three together
 * lets the server exchange the code for the very `session_key` the data was encrypted with;
 * logging in again in between, or after, would rotate it and make the data undecryptable.
 *
 * Same contract as `getQQRunData`: callbacks and Promise, not supported off QQ
 * (`'loginAndGetQQRunData:fail not supported on <platform>'`), `timeout`, parameter errors. A
 * failure of `qq.login` or `qq.getQQRunData` is passed through unchanged, so its `errMsg` names
 * the step that failed (`'login:fail …'`, `'getQQRunData:fail …'`).
 *
 * @example
 * import Taro from '@tarojs/taro'
 * import { loginAndGetQQRunData } from 'taro-qq-run-data'
 *
 * const { code, encryptedData, iv } = await loginAndGetQQRunData({ timeout: 15000 })
 * const { data } = await Taro.request({ url: '/api/steps', method: 'POST', data: { code, encryptedData, iv } })
 */
export function loginAndGetQQRunData(option?: LoginAndGetQQRunDataOption | null): Promise<LoginAndGetQQRunDataSuccessResult> {
  return runDataFlow('loginAndGetQQRunData', option, QQ_ONLY, true)
}
