// Runtime globals the mini-program hosts inject. Used by `src/` only: the public
// declarations never mention them, so installing this package adds no globals.

/** The callback triple every mini-program API takes. */
interface QQCallbackOption<S, F = { errMsg: string; errCode?: number }> {
  success?: (res: S) => void
  fail?: (res: F) => void
  complete?: (res: S | F) => void
}

interface QQRuntime {
  login?: (option: QQCallbackOption<{ errMsg: string; code: string }>) => void
  getQQRunData?: (option: QQCallbackOption<{ errMsg: string; encryptedData: string; iv: string }>) => void
}

declare var qq: QQRuntime | undefined
declare var wx: unknown
declare var my: unknown
declare var swan: unknown
declare var tt: unknown
declare var jd: unknown
