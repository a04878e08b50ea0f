import type { Platform } from './platform'

/**
 * What `fail` and `complete` receive, and what the Promise rejects with, when a call of this
 * library fails. `errMsg` reads `'<api>:fail <reason>'`, like every Taro and mini-program API.
 *
 * @example
 * getRunData().catch((res: RunDataFailResult) => console.warn(res.errMsg))
 */
export interface RunDataFailResult {
  errMsg: string
  errCode?: number
}

/**
 * The failure of `getQQRunData`: the same {@link RunDataFailResult} as every other call.
 *
 * @example
 * getQQRunData().catch((res: GetQQRunDataFailResult) => console.warn(res.errMsg))
 */
export type GetQQRunDataFailResult = RunDataFailResult

/**
 * The failure on a platform without the native API a call needs (for `getQQRunData` everywhere
 * but QQ, and QQ base libraries too old to have `qq.getQQRunData`): `errMsg` reads
 * `'<api>:fail not supported on <platform>'`.
 *
 * @example
 * { errMsg: 'getQQRunData:fail not supported on weapp', platform: 'weapp' }
 */
export interface NotSupportedResult extends RunDataFailResult {
  platform: Platform
}

/**
 * Tells a not-supported failure apart from every other failure (user denied, timeout, …).
 *
 * @example
 * import { getQQRunData, isNotSupported } from 'taro-qq-run-data'
 *
 * try {
 *   await getQQRunData()
 * } catch (res) {
 *   if (isNotSupported(res)) hideStepsEntry()
 *   else showRetry()
 * }
 */
export function isNotSupported(result: unknown): result is NotSupportedResult {
  const { errMsg, platform } = (result || {}) as Partial<NotSupportedResult>
  return (
    typeof errMsg == 'string' &&
    typeof platform == 'string' &&
    errMsg.slice(errMsg.indexOf(':')) == `:fail not supported on ${platform}`
  )
}

/** The {@link NotSupportedResult} of `api` on `platform`. */
export const notSupported = (api: string, platform: Platform): NotSupportedResult => ({
  errMsg: `${api}:fail not supported on ${platform}`,
  platform,
})
