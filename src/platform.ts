// Taro's bundler replaces `process.env.TARO_ENV` as text, so the expression must reach the
// app's bundle verbatim. Declared locally so the public types never mention Node.
declare const process: { env: Record<string, string | undefined> }

/**
 * Where the code runs, named like Taro's `process.env.TARO_ENV` values.
 *
 * @example
 * const platform: Platform = detectPlatform() // 'qq' inside QQ, 'h5' in a browser, …
 */
export type Platform =
  | 'qq'
  | 'weapp'
  | 'h5'
  | 'rn'
  | 'harmony'
  | 'harmony-hybrid'
  | 'alipay'
  | 'swan'
  | 'tt'
  | 'jd'
  | 'quickapp'
  | 'ascf'
  | 'unknown'

/**
 * Every TARO_ENV value this library names: each {@link Platform} but `'unknown'`. A list look-up
 * is cheaper than a RegExp on every call.
 */
export const KNOWN_PLATFORMS: readonly string[] = [
  'qq',
  'weapp',
  'h5',
  'rn',
  'harmony',
  'harmony-hybrid',
  'alipay',
  'swan',
  'tt',
  'jd',
  'quickapp',
  'ascf',
]

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
  if (env) return KNOWN_PLATFORMS.includes(env) ? (env as Platform) : 'unknown'
  if (platform == 'web') return 'h5'
  if (platform == 'harmony') return 'harmony'
  // Each global is read only behind its own `typeof`: a host may not declare it at all.
  return typeof qq == 'object' && qq
    ? 'qq'
    : typeof wx == 'object' && wx
      ? 'weapp'
      : typeof my == 'object' && my
        ? 'alipay'
        : typeof swan == 'object' && swan
          ? 'swan'
          : typeof tt == 'object' && tt
            ? 'tt'
            : typeof jd == 'object' && jd
              ? 'jd'
              : typeof navigator == 'object' && navigator && navigator.product == 'ReactNative'
                ? 'rn'
                : typeof window == 'object' && typeof document == 'object'
                  ? 'h5'
                  : 'unknown'
}
