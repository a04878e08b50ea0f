import { expectTypeOf } from 'expect-type'
import type { QQRunData } from 'taro-qq-run-data/server'
import { encryptOpenData, mockQQRuntime, type MockQQRuntime, type MockQQRuntimeOptions } from 'taro-qq-run-data/testing'

const runtime = mockQQRuntime()
expectTypeOf(runtime).toEqualTypeOf<MockQQRuntime>()
expectTypeOf(runtime.restore).toEqualTypeOf<() => void>()
expectTypeOf(runtime.calls).toEqualTypeOf<{ login: number; getQQRunData: number }>()
expectTypeOf(runtime.expected).toEqualTypeOf<QQRunData>()
expectTypeOf(runtime.sessionKey).toBeString()

mockQQRuntime({ platform: 'weapp', steps: [1, 2, 3], delay: 10 })
mockQQRuntime({ steps: [{ timestamp: 1717171200, step: 5 }] })
mockQQRuntime({ respond: { fail: { errMsg: 'getQQRunData:fail auth deny', errCode: -1 } } })
mockQQRuntime({ respond: 'never' })
// @ts-expect-error: not a platform
mockQQRuntime({ platform: 'wechat' })
// @ts-expect-error: respond is 'success', 'never' or { fail }
mockQQRuntime({ respond: 'fail' })
expectTypeOf<MockQQRuntimeOptions['delay']>().toEqualTypeOf<number | undefined>()

expectTypeOf(encryptOpenData({ a: 1 }, { sessionKey: 'k' })).toEqualTypeOf<{ encryptedData: string; iv: string }>()
// @ts-expect-error: the session key is required
encryptOpenData({ a: 1 }, {})
