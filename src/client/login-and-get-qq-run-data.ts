import {
  callWithContract,
  nativeCallbacks,
  outcome,
  thrownFailure,
  type CallbackOption,
  type NativeCallbacks,
  type Settle,
} from './contract'
import { qqApi } from './get-qq-run-data'
import { detectPlatform } from './platform'
import { notSupported, type GetQQRunDataFailResult } from './not-supported'

/**
 * What `success` receives and the Promise resolves with: the login `code` and the encrypted run
 * data, ready to post to your server in one request.
 *
 * @example
 * { errMsg: 'loginAndGetQQRunData:ok', code: '0a3b…', encryptedData: 'qBr…==', iv: 'r7B…==' }
 */
export interface LoginAndGetQQRunDataSuccessResult {
  errMsg: string
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

const API = 'loginAndGetQQRunData'

/**
 * Calls `qq.login`, then `qq.getQQRunData`, in that order and once each, and resolves
 * `{ code, encryptedData, iv }`. Posting the three together lets the server exchange the code for
 * the very `session_key` the data was encrypted with; logging in again in between, or after,
 * would rotate it and make the data undecryptable.
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
  return callWithContract(API, option, start, true)
}

// Hoisted: it captures nothing. QQ's own callbacks are not used: the flow has two steps.
const start = (settle: Settle, _native: NativeCallbacks, settled: () => boolean) => {
  const platform = detectPlatform()
  const runtime = qqApi(platform, 'login') && qqApi(platform, 'getQQRunData')
  if (!runtime) return settle(false, notSupported(API, platform))
  let loggedIn: boolean | undefined
  runtime.login!(
    // QQ answers login with success and complete: the data must be fetched once, not twice, and
    // not at all once the call has settled (timed out, say).
    nativeCallbacks((answer, res) => {
      if (loggedIn || settled()) return
      loggedIn = true
      const [ok, login] = outcome(answer, res)
      const { code } = (login || {}) as { code?: unknown }
      if (!ok) settle(false, login)
      else if (!code || typeof code != 'string') settle(false, { errMsg: `${API}:fail qq.login gave no code` })
      else
        try {
          runtime.getQQRunData!(
            nativeCallbacks((answer, res) => {
              const [ok, data] = outcome(answer, res)
              const { encryptedData, iv } = (data || {}) as Partial<LoginAndGetQQRunDataSuccessResult>
              if (!ok) settle(false, data)
              else if (typeof encryptedData != 'string' || typeof iv != 'string')
                settle(false, { errMsg: `${API}:fail qq.getQQRunData gave no encryptedData and iv` })
              else settle(true, { errMsg: `${API}:ok`, code, encryptedData, iv })
            }),
          )
        } catch (error) {
          settle(false, thrownFailure(API, error))
        }
    }),
  )
}
