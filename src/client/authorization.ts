export { RUN_DATA_SCOPES } from '../shared/platforms'

// The spellings of a refusal reported on WeChat's developer community: `…:fail auth deny` (the
// developer tools), `…:fail:auth deny` (Android), `…:fail auth denied` and `…:fail:auth denied`
// (some phones). QQ's are unconfirmed; docs/payload.md lists the sources.
const REFUSED = /^[^:\s]+:fail[ :]auth den(?:y|ied)$/

// The errCode of a refused scope (`-12006 auth deny`), as a third-party write-up of wx.authorize
// reports it; not in WeChat's docs, unconfirmed for QQ.
const REFUSED_CODE = -12006

/**
 * Tells a refused authorization apart from every other failure: true for an `errMsg` of
 * `'<api>:fail auth deny'`, `'<api>:fail:auth deny'`, `'<api>:fail auth denied'` or
 * `'<api>:fail:auth denied'`, and for `errCode: -12006`; false for a timeout, a not-supported
 * result, a cancel and anything else.
 *
 * @example
 * import { getRunData, isAuthDenied } from 'taro-qq-run-data'
 *
 * try {
 *   await getRunData()
 * } catch (res) {
 *   if (isAuthDenied(res)) showOpenSettingButton()
 * }
 */
export function isAuthDenied(result: unknown): boolean {
  const { errMsg, errCode } = (result || {}) as { errMsg?: unknown; errCode?: unknown }
  return errCode === REFUSED_CODE || (typeof errMsg == 'string' && REFUSED.test(errMsg))
}
