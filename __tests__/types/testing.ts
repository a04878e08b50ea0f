import { expectTypeOf } from 'expect-type'
import type { RunData } from 'taro-qq-run-data/server'
import {
  encryptOpenData,
  listenOnLoopback,
  mockQQRuntime,
  mockWeChatRuntime,
  startFakeCode2SessionServer,
  type FakeCode2SessionFault,
  type FakeCode2SessionServer,
  type FakeCode2SessionServerOptions,
  type LoopbackServer,
  type MockQQRuntime,
  type MockQQRuntimeOptions,
  type MockRuntimeOptions,
  type MockWeChatRuntime,
  type MockWeChatRuntimeOptions,
  type MockCloudEvent,
  type MockCloudFunction,
} from 'taro-qq-run-data/testing'

const runtime = mockQQRuntime()
expectTypeOf(runtime).toEqualTypeOf<MockQQRuntime>()
expectTypeOf(runtime.restore).toEqualTypeOf<() => void>()
expectTypeOf(runtime.calls).toEqualTypeOf<{ login: number; checkSession: number; request: number; getQQRunData: number }>()
expectTypeOf(runtime.expected).toEqualTypeOf<RunData>()
expectTypeOf(runtime.sessionKey).toBeString()
expectTypeOf(runtime.openid).toBeString()
expectTypeOf(runtime.expireSession).toEqualTypeOf<() => void>()
// @ts-expect-error: the session key changes only through expireSession() and a login
runtime.sessionKey = 'x'

mockQQRuntime({ platform: 'weapp', steps: [1, 2, 3], delay: 10 })
mockQQRuntime({ steps: [{ timestamp: 1717171200, step: 5 }] })
mockQQRuntime({ respond: { fail: { errMsg: 'getQQRunData:fail auth deny', errCode: -1 } } })
mockQQRuntime({ respond: 'never' })
mockQQRuntime({ respond: 'deny', watermark: false, wxAlias: true })
// @ts-expect-error: not a platform
mockQQRuntime({ platform: 'wechat' })
// @ts-expect-error: respond is 'success', 'deny', 'never' or { fail }
mockQQRuntime({ respond: 'fail' })
expectTypeOf<MockQQRuntimeOptions['delay']>().toEqualTypeOf<number | undefined>()
expectTypeOf<MockQQRuntimeOptions>().toExtend<MockRuntimeOptions>()

const wechat = mockWeChatRuntime({ steps: [1], respond: 'deny', watermark: false })
expectTypeOf(wechat).toEqualTypeOf<MockWeChatRuntime>()
expectTypeOf(wechat.calls).toEqualTypeOf<{ login: number; checkSession: number; request: number; getWeRunData: number }>()
expectTypeOf(wechat.cloudID).toBeString()
expectTypeOf(wechat.expected).toEqualTypeOf<RunData>()
expectTypeOf<MockWeChatRuntimeOptions>().toExtend<MockRuntimeOptions>()
expectTypeOf<MockWeChatRuntimeOptions['cloud']>().toEqualTypeOf<MockCloudFunction | undefined>()
expectTypeOf<MockCloudFunction>().toEqualTypeOf<(event: MockCloudEvent) => unknown>()
expectTypeOf<MockCloudEvent['userInfo']>().toEqualTypeOf<{ openId: string; appId: string }>()
mockWeChatRuntime({ cloud: (event) => event.weRunData })
mockWeChatRuntime({ cloud: async () => ({ saved: true }) })
// @ts-expect-error: the cloud function is a function
mockWeChatRuntime({ cloud: 'steps' })
// @ts-expect-error: only WeChat has cloud functions
mockQQRuntime({ cloud: () => 1 })
// @ts-expect-error: mockWeChatRuntime always plays weapp
mockWeChatRuntime({ platform: 'qq' })
// @ts-expect-error: the wx alias belongs to QQ
mockWeChatRuntime({ wxAlias: true })

declare const server: FakeCode2SessionServer
expectTypeOf(startFakeCode2SessionServer()).toEqualTypeOf<Promise<FakeCode2SessionServer>>()
expectTypeOf(startFakeCode2SessionServer({ appSecret: 's' })).toEqualTypeOf<Promise<FakeCode2SessionServer>>()
expectTypeOf<FakeCode2SessionServerOptions>().toEqualTypeOf<{ appSecret?: string }>()
expectTypeOf(server.endpoint).toBeString()
expectTypeOf(server.calls).toBeNumber()
expectTypeOf(server.close).toEqualTypeOf<() => Promise<void>>()
expectTypeOf<FakeCode2SessionFault>().toEqualTypeOf<
  'busy' | 'rate-limit' | 'invalid-appid' | 'invalid-secret' | 'high-risk' | 'http-500' | 'html' | 'hang' | 'reset'
>()
server.fail('busy')
server.fail('hang', Infinity)
server.heal()
// @ts-expect-error: not a fault the server knows
server.fail('down')
// @ts-expect-error: calls is read-only
server.calls = 0

expectTypeOf(listenOnLoopback((_req, res) => res.end('ok'))).toEqualTypeOf<Promise<LoopbackServer>>()
expectTypeOf<LoopbackServer>().toEqualTypeOf<{ url: string; port: number; close(): Promise<void> }>()
// @ts-expect-error: the handler is a node:http request listener
listenOnLoopback('http://127.0.0.1')

expectTypeOf(encryptOpenData({ a: 1 }, { sessionKey: 'k' })).toEqualTypeOf<{ encryptedData: string; iv: string }>()
// @ts-expect-error: the session key is required
encryptOpenData({ a: 1 }, {})
