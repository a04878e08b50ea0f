/**
 * Every `process.env.TARO_ENV` value this library names, in one list: the {@link Platform} type
 * is derived from it.
 */
export const PLATFORMS = [
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
] as const

/**
 * Where the code runs, named like Taro's `process.env.TARO_ENV` values; `'unknown'` for
 * anything else.
 *
 * @example
 * const platform: Platform = detectPlatform() // 'qq' inside QQ, 'h5' in a browser, …
 */
export type Platform = (typeof PLATFORMS)[number] | 'unknown'

/** QQ's row of {@link HOSTS}: its platform, the `qq` global, and a read of it. */
export const QQ_HOST = ['qq', 'qq', () => typeof qq == 'object' && qq] as const

/** WeChat's row of {@link HOSTS}: its platform, the `wx` global, and a read of it. */
export const WECHAT_HOST = ['weapp', 'wx', () => typeof wx == 'object' && wx] as const

/**
 * The mini-program hosts, in the order detection checks them (`qq` before `wx`, because QQ also
 * exposes a `wx` alias): `[platform, the global it injects, a read of that global]`. Each read
 * looks the global up behind its own `typeof`, because a host may not declare it at all and may
 * inject it as a free variable rather than a property of `globalThis`. The testing kit's mocks
 * install the same globals by name. Tuples rather than objects: property names survive
 * minification, and this table ships in every app.
 */
export const HOSTS = [
  QQ_HOST,
  WECHAT_HOST,
  ['alipay', 'my', () => typeof my == 'object' && my],
  ['swan', 'swan', () => typeof swan == 'object' && swan],
  ['tt', 'tt', () => typeof tt == 'object' && tt],
  ['jd', 'jd', () => typeof jd == 'object' && jd],
] as const

/** One row of {@link HOSTS}: `[platform, the global it injects, a read of that global]`. */
export type Host = (typeof HOSTS)[number]

/**
 * The two platforms whose run data this library reads, named like Taro's `process.env.TARO_ENV`:
 * `'qq'` for QQ, `'weapp'` for WeChat.
 *
 * @example
 * const platform: RunDataPlatform = process.env.TARO_ENV === 'weapp' ? 'weapp' : 'qq'
 */
export type RunDataPlatform = 'qq' | 'weapp'
