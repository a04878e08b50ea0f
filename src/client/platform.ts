import { HOSTS, PLATFORMS, type Platform } from '../shared/platforms'

// Taro's bundler replaces `process.env.TARO_ENV` as text, so the expression must reach the
// app's bundle verbatim. Declared locally so the public types never mention Node.
declare const process: { env: Record<string, string | undefined> }

export type { Platform }

/**
 * Tells which platform the code runs on.
 *
 * Taro's build-time `process.env.TARO_ENV` wins when it is set (an unknown value, such as a
 * custom platform plugin's, gives `'unknown'`); `TARO_PLATFORM` `web` / `harmony` count too.
 * Otherwise the runtime globals decide: `qq` before `wx` (QQ also exposes a `wx` alias), then
 * `my`, `swan`, `tt`, `jd`, React Native's `navigator.product`, and a browser's `window` and
 * `document`.
 *
 * @example
 * import { detectPlatform } from 'taro-qq-run-data'
 *
 * if (detectPlatform() === 'qq') showStepsEntry()
 */
export function detectPlatform(): Platform {
  let env: string | undefined
  let platform: string | undefined
  // No `typeof process` guard: it would hide the value Taro substitutes. Where the bundler did
  // not substitute and there is no `process`, reading it throws and we fall through.
  // TARO_ENV first: Taro 3 substitutes it but has no TARO_PLATFORM, which then throws.
  try {
    env = process.env.TARO_ENV
    platform = process.env.TARO_PLATFORM
  } catch {}
  if (env) return (PLATFORMS as readonly string[]).includes(env) ? (env as Platform) : 'unknown'
  if (platform == 'web') return 'h5'
  if (platform == 'harmony') return 'harmony'
  for (const [host, , read] of HOSTS) if (read()) return host
  return typeof navigator == 'object' && navigator && navigator.product == 'ReactNative'
    ? 'rn'
    : typeof window == 'object' && typeof document == 'object'
      ? 'h5'
      : 'unknown'
}
