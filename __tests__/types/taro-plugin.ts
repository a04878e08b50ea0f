import { expectTypeOf } from 'expect-type'
import taroQQRunData from 'taro-qq-run-data/taro-plugin'

// Taro calls the module's value with its plugin context; nothing comes back.
type Context = Parameters<typeof taroQQRunData>[0]
expectTypeOf<Context['plugins']>().toEqualTypeOf<Map<string, { path: string }>>()
expectTypeOf(taroQQRunData).returns.toBeVoid()
taroQQRunData({ plugins: new Map([['h5', { path: '/app/node_modules/@tarojs/plugin-platform-h5/index.js' }]]), onBuildStart: () => {} })
// @ts-expect-error: a Taro plugin context has plugins and onBuildStart()
taroQQRunData({ onBuildStart: () => {} })
