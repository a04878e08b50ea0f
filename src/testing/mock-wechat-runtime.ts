import { randomBytes } from 'node:crypto'
import type { RunData } from '../shared/run-data'
import { checkRuntimeOptions, installRuntime, type MockRuntimeOptions } from './mock-runtime'

/**
 * The options of {@link mockWeChatRuntime}: the same as {@link MockQQRuntimeOptions}, without
 * `platform` and `wxAlias`, since it always plays WeChat (`weapp`).
 *
 * @example
 * mockWeChatRuntime({ steps: [8000, 12000, 3000], respond: 'deny' })
 */
export type MockWeChatRuntimeOptions = MockRuntimeOptions

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
  /** How many times each API was called. */
  calls: { login: number; getWeRunData: number }
  /** The session key the data is encrypted with: hand it to your server code. */
  sessionKey: string
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
 * so code that calls `getWeRunData`, `getRunData` or `loginAndGetRunData` runs in Jest or Node
 * as it would inside WeChat. `wx.getWeRunData` answers `{ errMsg, encryptedData, iv, cloudID }`
 * with 31 days (by default) really encrypted with `sessionKey`, and `wx.login`'s code is known
 * to `startFakeCode2SessionServer`. The same options and conventions as {@link mockQQRuntime};
 * Node only.
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
  // WeChat's cloudID opens the same data in a cloud function; the mock only passes one along.
  const cloudID = `mock-cloud-id-${randomBytes(8).toString('hex')}`
  const runtime = installRuntime(
    {
      api: API,
      platform: 'weapp',
      defaultAppId: 'wx4f4bc4dec97d474b',
      defaultDays: 31,
      method: 'getWeRunData',
      served: true,
      extra: { cloudID },
    },
    options,
  )
  return Object.assign(runtime, { cloudID }) as MockWeChatRuntime
}
