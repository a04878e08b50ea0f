// With the opt-in reference, `Taro.getQQRunData` is typed as the polyfill makes it behave.
/// <reference types="taro-qq-run-data/types" />
import Taro from '@tarojs/taro'
import 'taro-qq-run-data/polyfill'
import { expectTypeOf } from 'expect-type'

expectTypeOf(Taro.getQQRunData()).toEqualTypeOf<Promise<Taro.getQQRunData.SuccessCallbackResult>>()
expectTypeOf(
  Taro.getQQRunData({ timeout: 3000, success: (res) => expectTypeOf(res.encryptedData).toBeString() }),
).toEqualTypeOf<Promise<Taro.getQQRunData.SuccessCallbackResult>>()

async function readSteps() {
  const { encryptedData, iv } = await Taro.getQQRunData()
  expectTypeOf(encryptedData).toBeString()
  expectTypeOf(iv).toBeString()
}
void readSteps

// @ts-expect-error: timeout is a number of ms
Taro.getQQRunData({ timeout: '3s' })

// Taro already types getWeRunData as returning a Promise; the augmentation adds `timeout`.
expectTypeOf(Taro.getWeRunData({ timeout: 3000 })).toEqualTypeOf<Promise<Taro.getWeRunData.SuccessCallbackResult>>()
Taro.getWeRunData({ success: ({ encryptedData, cloudID }) => (expectTypeOf(encryptedData).toBeString(), expectTypeOf(cloudID).toEqualTypeOf<string | undefined>()) })
// @ts-expect-error: timeout is a number of ms
Taro.getWeRunData({ timeout: '3s' })

// Failures carry the platform's errCode, typed, in `fail`, `complete` and the rejection.
Taro.getQQRunData({ fail: (res) => expectTypeOf(res.errCode).toEqualTypeOf<number | undefined>() })
Taro.getWeRunData({ fail: (res) => expectTypeOf(res.errCode).toEqualTypeOf<number | undefined>() })
Taro.getQQRunData({
  complete: (res) => {
    if ('errCode' in res) expectTypeOf(res.errCode).toEqualTypeOf<number | undefined>()
  },
})
expectTypeOf<Taro.getQQRunData.FailCallbackResult>().toMatchTypeOf<{ errMsg: string; errCode?: number; platform?: string }>()
expectTypeOf<Taro.getWeRunData.FailCallbackResult>().toMatchTypeOf<{ errMsg: string; errCode?: number; platform?: string }>()
