import { randomBytes } from 'node:crypto'
import type { RunData } from '../shared/run-data'
import { typeName } from '../shared/type-name'
import { misuse } from './misuse'
import { checkRuntimeOptions, installRuntime, type MockCloudFunction, type MockRuntimeOptions } from './mock-runtime'
import { LOGIN_EXCHANGES } from '../shared/platforms'

/**
 * The options of {@link mockWeChatRuntime}: the same as {@link MockQQRuntimeOptions}, without
 * `platform` and `wxAlias`, since it always plays WeChat (`weapp`), and with `cloud`.
 *
 * @example
 * mockWeChatRuntime({ steps: [8000, 12000, 3000], respond: 'deny' })
 */
export interface MockWeChatRuntimeOptions extends MockRuntimeOptions {
  /**
   * A cloud function: installs `wx.cloud.callFunction` and `wx.cloud.CloudID`, and every
   * `callFunction` runs it with the event the cloud would hand it, whatever the `name`:
   * the call's `data`, where a top-level `wx.cloud.CloudID(cloudID)` of this mock's data became
   * `{ cloudID, data: { stepInfoList, watermark } }` (really decrypted from the payload
   * `wx.getWeRunData` gave), and `userInfo: { openId, appId }`. What it returns (or resolves
   * with) is the call's `result`; what it throws fails the call with
   * `'cloud.callFunction:fail <message>'`.
   *
   * @default undefined (no `wx.cloud`)
   */
  cloud?: MockCloudFunction
}

/**
 * An installed {@link mockWeChatRuntime}: what it answers with, how often it was called, and how
 * to remove it.
 *
 * @example
 * const runtime = mockWeChatRuntime()
 * afterEach(() => runtime.restore())
 */
export interface MockWeChatRuntime {
  /**
   * Puts back `wx` and `process.env.TARO_ENV` exactly as they were, and cancels the answers
   * still on their way. Harmless when called again.
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
  calls: { login: number; checkSession: number; request: number; getWeRunData: number }
  /** The session key the data is encrypted with now: hand it to your server code. */
  readonly sessionKey: string
  /** The appid in the watermark, and the app the login code is for. */
  appId: string
  /** The code `wx.login` gives. */
  loginCode: string
  /** The openid `startFakeCode2SessionServer` answers the login code with. */
  openid: string
  /** The `cloudID` `wx.getWeRunData` gives beside the encrypted data. */
  cloudID: string
  /** What `decryptRunData` must return for the data this mock gives. */
  expected: RunData
}

const API = 'mockWeChatRuntime'

/**
 * Installs a fake WeChat runtime on `globalThis` (`wx`, and `process.env.TARO_ENV = 'weapp'`),
 * so code that calls `getWeRunData`, `getRunData`, `loginAndGetRunData` or `syncRunData` runs
 * in Jest or Node as it would inside WeChat. `wx.getWeRunData` answers
 * `{ errMsg, encryptedData, iv, cloudID }` with 31 days (by default) really encrypted with
 * `sessionKey`, and `wx.login`'s code is known to `startFakeCode2SessionServer`. The same options and conventions as {@link mockQQRuntime};
 * with `cloud`, `wx.cloud` runs a cloud function of the test's own. Node only.
 *
 * @example
 * import { decryptRunData } from 'taro-qq-run-data/server'
 * import { mockWeChatRuntime } from 'taro-qq-run-data/testing'
 *
 * const runtime = mockWeChatRuntime()
 * try {
 *   const { encryptedData, iv } = await new Promise<{ encryptedData: string; iv: string }>((success, fail) =>
 *     wx.getWeRunData({ success, fail }),
 *   )
 *   expect(decryptRunData({ encryptedData, iv, sessionKey: runtime.sessionKey, appId: runtime.appId })).toEqual(runtime.expected)
 * } finally {
 *   runtime.restore()
 * }
 */
export function mockWeChatRuntime(options: MockWeChatRuntimeOptions = {}): MockWeChatRuntime {
  checkRuntimeOptions(API, options)
  const { cloud } = options
  if (cloud !== undefined && typeof cloud != 'function') misuse(API, `options.cloud should be Function instead of ${typeName(cloud)}`)
  // WeChat's cloudID opens the same data in a cloud function; the mock only passes one along.
  const cloudID = `mock-cloud-id-${randomBytes(8).toString('hex')}`
  const runtime = installRuntime(
    {
      api: API,
      platform: 'weapp',
      defaultAppId: LOGIN_EXCHANGES.weapp.mock.appId,
      defaultDays: 31,
      method: 'getWeRunData',
      served: true,
      extra: { cloudID },
      cloud,
    },
    options,
  )
  return Object.assign(runtime, { cloudID }) as MockWeChatRuntime
}
