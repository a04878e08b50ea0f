// Opt-in typings: reference this file once (`/// <reference types="taro-qq-run-data/types" />`,
// or `"types": ["taro-qq-run-data/types"]` in tsconfig) and `Taro.getQQRunData` and
// `Taro.getWeRunData` are typed the way this library's polyfill makes them behave: the option is
// optional, takes `timeout`, and the call returns a Promise of the success result. Taro's own
// typings say `getQQRunData` returns `void`, and know no `timeout`.
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
  }

  namespace getWeRunData {
    interface Option {
      /**
       * Fails the call with `'getWeRunData:fail timeout'` when WeChat did not answer within this
       * many ms. Needs `import 'taro-qq-run-data/polyfill'`.
       */
      timeout?: number
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
    getQQRunData(option?: getQQRunData.Option): Promise<getQQRunData.SuccessCallbackResult>
  }
}
