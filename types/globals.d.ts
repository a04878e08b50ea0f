// Runtime globals the mini-program hosts inject. Used by `src/` only: the public
// declarations never mention them, so installing this package adds no globals.

/** The callback triple every mini-program API takes. */
interface QQCallbackOption<S, F = { errMsg: string; errCode?: number }> {
  success?: (res: S) => void
  fail?: (res: F) => void
  complete?: (res: S | F) => void
}

/** What `qq.getQQRunData` and `wx.getWeRunData` answer on success (`cloudID`: WeChat only). */
interface NativeRunData {
  errMsg: string
  encryptedData: string
  iv: string
  cloudID?: string
}

/** The part of QQ's `qq` global this library calls. */
interface QQRuntime {
  login?: (option: QQCallbackOption<{ errMsg: string; code: string }>) => void
  getQQRunData?: (option: QQCallbackOption<NativeRunData>) => void
}

/** The part of WeChat's `wx` global this library calls. QQ also injects a `wx` alias. */
interface WxRuntime {
  login?: (option: QQCallbackOption<{ errMsg: string; code: string }>) => void
  getWeRunData?: (option: QQCallbackOption<NativeRunData>) => void
}

declare var qq: QQRuntime | undefined
declare var wx: WxRuntime | undefined
declare var my: unknown
declare var swan: unknown
declare var tt: unknown
declare var jd: unknown
