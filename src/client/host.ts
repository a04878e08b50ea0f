import { nativeCallbacks, type NativeCallbacks, type Settle } from './contract'
import { notSupported } from './not-supported'
import { detectPlatform } from './platform'
import type { Host } from '../shared/platforms'

/** A host global (`qq`, `wx`, …) seen as a bag of native methods that take callbacks. */
export type NativeHost = Record<string, ((option: NativeCallbacks) => void) | undefined>

/** The global of `host` when it exists and has every one of `methods`; `false` otherwise. */
export function hostWith([, , read]: Host, ...methods: string[]): NativeHost | false {
  const global = read() as NativeHost | false
  return !!global && methods.every((name) => typeof global[name] == 'function') && global
}

/**
 * Hands the call to the native method of `host` that has the API's own name (`qq.getQQRunData`,
 * `wx.getWeRunData`), whose answer settles it unchanged; on any other platform, or a host
 * without the method, settles it as not supported.
 */
export function forward(settle: Settle, api: string, host: Host): void {
  const platform = detectPlatform()
  // Not `hostWith`: this is the path of every `getQQRunData()`, and inline it ships 20 B less.
  const global = platform == host[0] && (host[2]() as NativeHost | false)
  if (global && typeof global[api] == 'function') global[api]!(nativeCallbacks(settle))
  else settle(notSupported(api, platform), false)
}
