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

/** What `request` takes beside the callbacks (the part `syncRunData` uses). */
interface NativeRequestOption extends QQCallbackOption<{ errMsg: string; statusCode: number; data: unknown; header?: Record<string, string> }> {
  url: string
  method?: 'POST'
  header?: Record<string, string>
  data?: unknown
}

/** The methods both hosts have and `syncRunData` calls: login, its check, HTTP and storage. */
interface SessionRuntime {
  login?: (option: QQCallbackOption<{ errMsg: string; code: string }>) => void
  checkSession?: (option: QQCallbackOption<{ errMsg: string }>) => void
  request?: (option: NativeRequestOption) => void
  getStorageSync?: (key: string) => unknown
  setStorageSync?: (key: string, value: unknown) => void
  removeStorageSync?: (key: string) => void
}

/** The part of QQ's `qq` global this library calls. */
interface QQRuntime extends SessionRuntime {
  getQQRunData?: (option: QQCallbackOption<NativeRunData>) => void
}

/** WeChat's cloud development (`wx.cloud`), as far as `syncRunData` uses it. */
interface WxCloud {
  callFunction?: (option: QQCallbackOption<{ errMsg: string; result: unknown }> & { name: string; data?: object }) => void
  CloudID?: (cloudID: string) => unknown
}

/** The part of WeChat's `wx` global this library calls. QQ also injects a `wx` alias. */
interface WxRuntime extends SessionRuntime {
  getWeRunData?: (option: QQCallbackOption<NativeRunData>) => void
  cloud?: WxCloud
}

declare var qq: QQRuntime | undefined
declare var wx: WxRuntime | undefined
declare var my: unknown
declare var swan: unknown
declare var tt: unknown
declare var jd: unknown
