import { expectTypeOf } from 'expect-type'
import taroQQRunData from 'taro-qq-run-data/taro-plugin'

// Taro calls the module's value with its plugin context; nothing comes back.
expectTypeOf(taroQQRunData).parameters.toEqualTypeOf<[{ register<T>(hook: { name: string; stage?: number; fn: (opts: T) => void }): void }]>()
expectTypeOf(taroQQRunData).returns.toBeVoid()
taroQQRunData({ register: () => {} })
// @ts-expect-error: a Taro plugin context has register()
taroQQRunData({})
