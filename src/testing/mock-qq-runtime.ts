import { PLATFORMS, type Platform } from '../shared/platforms'
import type { RunData } from '../shared/run-data'
import { shouldBe } from '../shared/validation'
import { misuse } from './misuse'
import { checkRuntimeOptions, installRuntime, type MockRuntimeOptions } from './mock-runtime'
import { LOGIN_EXCHANGES } from '../shared/platforms'

/**
 * The options of {@link mockQQRuntime}.
 *
 * @example
 * mockQQRuntime({ steps: [8000, 12000, 3000], delay: 20, wxAlias: true })
 */
export interface MockQQRuntimeOptions extends MockRuntimeOptions {
  /**
   * The platform to pretend to be. `'qq'` installs a fake `qq`; `'weapp'`, `'alipay'`, `'swan'`,
   * `'tt'` and `'jd'` install that host's global (`wx`, `my`, …) without a run-data API (with
   * `login`, `checkSession`, `request` and the storage methods); every value
   * also sets `process.env.TARO_ENV`, as Taro's build would.
   *
   * @default 'qq'
   */
  platform?: Platform
  /**
   * Also installs the fake `qq` as `wx`, as QQ's runtime exposes a `wx` alias (relied on by
   * uni-app's QQ runtime; not in QQ's documentation). Only with `platform: 'qq'`.
   *
   * @default false
   */
  wxAlias?: boolean
}

/**
 * An installed {@link mockQQRuntime}: what it answers with, how often it was called, and how to
 * remove it.
 *
 * @example
 * const runtime = mockQQRuntime()
 * afterEach(() => runtime.restore())
 */
export interface MockQQRuntime {
  /**
   * Puts back the globals and `process.env.TARO_ENV` exactly as they were, and cancels the
   * answers still on their way. Harmless when called again.
   */
  restore(): void
  /**
   * Makes the user's session expire, as the platform may at any time: the next `checkSession`
   * fails, and the next `login` rotates the session key (`sessionKey` then reads the new one,
   * `startFakeCode2SessionServer` answers the new login code with it, and the run data is
   * encrypted with it).
   */
  expireSession(): void
  /** How many times each API was called (`request`: whatever its answer). */
  calls: { login: number; checkSession: number; request: number; getQQRunData: number }
  /** The session key the data is encrypted with now: hand it to your server code. */
  readonly sessionKey: string
  /** The appid in the watermark, and the app the login code is for. */
  appId: string
  /** The code `login` gives. */
  loginCode: string
  /** The openid `startFakeCode2SessionServer` answers the login code with. */
  openid: string
  /** What `decryptRunData` must return for the data this mock gives. */
  expected: RunData
}

const API = 'mockQQRuntime'
const MOCKED_PLATFORMS: readonly Platform[] = [...PLATFORMS, 'unknown']

/**
 * Installs a fake QQ runtime on `globalThis`, so code that calls `getQQRunData`, `getRunData`,
 * `loginAndGetRunData` or `syncRunData` runs in Jest or Node as it would inside QQ. `qq.getQQRunData` answers
 * with data really encrypted with `sessionKey`, so the app's client code and its server's
 * `decryptRunData` can be tested together, and `qq.login`'s code is known to
 * `startFakeCode2SessionServer`. `qq.request` does real HTTP (with `fetch`, to your server on
 * loopback), `qq.checkSession` succeeds until `expireSession()`, and `getStorageSync`,
 * `setStorageSync` and `removeStorageSync` keep their values in memory. Node only.
 *
 * Only one mock (this or `mockWeChatRuntime`) can be installed at a time: installing a second
 * one before `restore()` throws. Like every misuse of the testing kit, a bad option throws a
 * `TypeError`.
 *
 * @example
 * import { loginAndGetQQRunData } from 'taro-qq-run-data'
 * import { decryptRunData } from 'taro-qq-run-data/server'
 * import { mockQQRuntime } from 'taro-qq-run-data/testing'
 *
 * test('the steps reach the server intact', async () => {
 *   const runtime = mockQQRuntime({ steps: [8000, 12000] })
 *   try {
 *     const { encryptedData, iv } = await loginAndGetQQRunData()
 *     const data = decryptRunData({ encryptedData, iv, sessionKey: runtime.sessionKey, appId: runtime.appId })
 *     expect(data).toEqual(runtime.expected)
 *   } finally {
 *     runtime.restore()
 *   }
 * })
 */
export function mockQQRuntime(options: MockQQRuntimeOptions = {}): MockQQRuntime {
  checkRuntimeOptions(API, options)
  const { platform = 'qq', wxAlias = false } = options
  if (!MOCKED_PLATFORMS.includes(platform))
    misuse(API, `options.platform should be one of ${MOCKED_PLATFORMS.join(', ')} instead of ${JSON.stringify(platform)}`)
  if (typeof wxAlias != 'boolean') misuse(API, shouldBe('options.wxAlias', 'Boolean', wxAlias))
  if (wxAlias && platform != 'qq') misuse(API, `options.wxAlias needs platform 'qq' (QQ is the host with a wx alias), not ${JSON.stringify(platform)}`)
  return installRuntime(
    {
      api: API,
      platform,
      defaultAppId: LOGIN_EXCHANGES.qq.mock.appId,
      defaultDays: 30,
      method: 'getQQRunData',
      served: platform == 'qq',
      aliases: wxAlias ? ['wx'] : [],
    },
    options,
  ) as MockQQRuntime
}
