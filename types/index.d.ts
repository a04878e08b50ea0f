// Opt-in typings: reference this file once (`/// <reference types="taro-qq-run-data/types" />`)
// and `Taro.getQQRunData` and `Taro.getWeRunData` are typed the way this library's polyfill
// makes them behave: the option is optional, takes `timeout`, `fail` and `complete` receive
// `errCode` when the platform sent one, and the call returns a Promise of the success result.
// Taro's own typings say `getQQRunData` returns `void`, and know no `timeout` and no `errCode`.
import '@tarojs/taro'

declare module '@tarojs/taro' {
  namespace getQQRunData {
    interface Option {
      /**
       * Fails the call with `'getQQRunData:fail timeout'` when QQ did not answer within this
       * many ms. Needs `import 'taro-qq-run-data/polyfill'`.
       */
      timeout?: number
    }
    /**
     * What `fail` and `complete` receive, and what the Promise rejects with, when the call
     * fails: `errMsg` reads `'getQQRunData:fail <reason>'`; `errCode` is the platform's code when
     * it sent one; `platform` is set when the platform has no run data (`'not supported'`).
     */
    interface FailCallbackResult extends TaroGeneral.CallbackResult {
      errCode?: number
      platform?: string
    }
    /** The option of the polyfilled call: Taro's, with typed failures. */
    interface PolyfillOption extends Omit<Option, 'fail' | 'complete'> {
      fail?: (res: FailCallbackResult) => void
      complete?: (res: SuccessCallbackResult | FailCallbackResult) => void
    }
  }

  namespace getWeRunData {
    interface Option {
      /**
       * Fails the call with `'getWeRunData:fail timeout'` when WeChat did not answer within this
       * many ms. Needs `import 'taro-qq-run-data/polyfill'`.
       */
      timeout?: number
    }
    /**
     * What `fail` and `complete` receive, and what the Promise rejects with, when the call
     * fails: `errMsg` reads `'getWeRunData:fail <reason>'`; `errCode` is the platform's code when
     * it sent one; `platform` is set when the platform has no run data (`'not supported'`).
     */
    interface FailCallbackResult extends TaroGeneral.CallbackResult {
      errCode?: number
      platform?: string
    }
    /** The option of the polyfilled call: Taro's, with typed failures. */
    interface PolyfillOption extends Omit<Option, 'fail' | 'complete'> {
      fail?: (res: FailCallbackResult) => void
      complete?: (res: SuccessCallbackResult | FailCallbackResult) => void
    }
  }

  interface TaroStatic {
    /**
     * Gets the user's QQ run data (QQ运动步数) of the last 30 days, encrypted. With
     * `import 'taro-qq-run-data/polyfill'` it behaves the same on every platform (on H5 also add
     * `plugins: ['taro-qq-run-data/taro-plugin']` to Taro's config): on QQ it forwards to
     * `qq.getQQRunData`; everywhere else it fails with
     * `{ errMsg: 'getQQRunData:fail not supported on <platform>', platform }`.
     *
     * @example
     * import Taro from '@tarojs/taro'
     * import 'taro-qq-run-data/polyfill'
     *
     * const { encryptedData, iv } = await Taro.getQQRunData()
     */
    getQQRunData(option?: getQQRunData.PolyfillOption): Promise<getQQRunData.SuccessCallbackResult>

    /**
     * Gets the user's WeChat run data (微信运动步数) of the last 30 days, encrypted. With
     * `import 'taro-qq-run-data/polyfill'` it takes `timeout` and behaves the same on every
     * platform: on WeChat it forwards to `wx.getWeRunData`; everywhere else it fails with
     * `{ errMsg: 'getWeRunData:fail not supported on <platform>', platform }`.
     *
     * @example
     * import Taro from '@tarojs/taro'
     * import 'taro-qq-run-data/polyfill'
     *
     * const { encryptedData, iv } = await Taro.getWeRunData({ timeout: 10000 })
     */
    getWeRunData(option?: getWeRunData.PolyfillOption): Promise<getWeRunData.SuccessCallbackResult>
  }
}
