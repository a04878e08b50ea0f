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
 * The authorization scope each platform's run data needs: `scope.qqrun` for
 * `qq.getQQRunData`, `scope.werun` for `wx.getWeRunData`. Ask for it up front with
 * `Taro.authorize({ scope })`; once the user has refused, the API fails at once and never asks
 * again, and only the settings page (`Taro.openSetting`, from a tap) can grant it.
 *
 * @example
 * import Taro from '@tarojs/taro'
 * import { RUN_DATA_SCOPES } from 'taro-qq-run-data'
 *
 * await Taro.authorize({ scope: RUN_DATA_SCOPES.weapp })
 */
export const RUN_DATA_SCOPES = { qq: 'scope.qqrun', weapp: 'scope.werun' } as const

/** The platforms with run data: each one's host, and the native method that gets the data. */
export const RUN_DATA = {
  qq: [QQ_HOST, 'getQQRunData'],
  weapp: [WECHAT_HOST, 'getWeRunData'],
} as const satisfies Record<RunDataPlatform, readonly [Host, string]>

/**
 * The two platforms whose run data this library reads, named like Taro's `process.env.TARO_ENV`:
 * `'qq'` for QQ, `'weapp'` for WeChat.
 *
 * @example
 * const platform: RunDataPlatform = process.env.TARO_ENV === 'weapp' ? 'weapp' : 'qq'
 */
export type RunDataPlatform = 'qq' | 'weapp'

// The server's facts are exports of their own, apart from the client's tables above: bundlers
// drop an unused export, but never an unused property of an object the app does use.

/**
 * Each run-data platform's login exchange: its name in messages, its `jscode2session` URL, the
 * call that logs the app in, and the defaults of the testing kit's mock of it.
 */
export const LOGIN_EXCHANGES = {
  qq: {
    name: 'QQ',
    endpoint: 'https://api.q.qq.com/sns/jscode2session',
    login: 'qq.login',
    mock: { appId: '1109876543' },
  },
  weapp: {
    name: 'WeChat',
    endpoint: 'https://api.weixin.qq.com/sns/jscode2session',
    login: 'wx.login',
    mock: { appId: 'wx4f4bc4dec97d474b' },
  },
} as const satisfies Record<RunDataPlatform, { name: string; endpoint: string; login: string; mock: object }>

/** What a caller does about a jscode2session errcode: one of the server's error codes. */
export type ErrcodeOutcome = 'INVALID_CREDENTIALS' | 'LOGIN_REQUIRED' | 'USER_BLOCKED' | 'RATE_LIMITED' | 'PLATFORM_UNAVAILABLE'

/** One documented jscode2session errcode. */
export interface Errcode {
  /** What the caller should do about it. */
  outcome: ErrcodeOutcome
  /** The `errmsg` the platform sends with it (WeChat's wording; QQ's is the same where known). */
  errmsg: string
  /** What it means and what to do, for a person, given the platform's name and login call. */
  hint(platform: { name: string; login: string }): string
}

/**
 * The errcodes QQ and WeChat document for jscode2session, with what to do about each. Any errcode
 * not listed is `PLATFORM_UNAVAILABLE`. Adding one is one line here.
 */
export const ERRCODES: Readonly<Record<number, Errcode>> = {
  [-1]: { outcome: 'PLATFORM_UNAVAILABLE', errmsg: 'system error', hint: ({ name }) => `${name} is busy; retry in a moment` },
  40013: { outcome: 'INVALID_CREDENTIALS', errmsg: 'invalid appid', hint: () => 'the appid is invalid; check appId' },
  40029: {
    outcome: 'LOGIN_REQUIRED',
    errmsg: 'invalid code',
    hint: ({ login }) => `the login code is invalid or expired; call ${login} again and send the new code`,
  },
  40125: { outcome: 'INVALID_CREDENTIALS', errmsg: 'invalid appsecret', hint: () => 'the AppSecret is invalid; check appSecret' },
  40163: {
    outcome: 'LOGIN_REQUIRED',
    errmsg: 'code been used',
    hint: ({ login }) => `the login code was already used; call ${login} again and send the new code`,
  },
  40226: {
    outcome: 'USER_BLOCKED',
    errmsg: 'high risk user',
    hint: () => 'the user is blocked as high-risk; the platform refuses to log them in',
  },
  45011: {
    outcome: 'RATE_LIMITED',
    errmsg: 'api minute-quota reach limit mustslower retry next minute',
    hint: ({ name }) => `rate limited (${name} allows each user about 100 calls a minute); retry in a minute`,
  },
}
