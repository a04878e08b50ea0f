// Compile-time tests of the published declarations (dist/*.d.mts), run by `npm run typecheck`.
import type Taro from '@tarojs/taro'
import { expectTypeOf } from 'expect-type'
import {
  detectPlatform,
  getQQRunData,
  isNotSupported,
  isQQRunDataSupported,
  loginAndGetQQRunData,
  type LoginAndGetQQRunDataOption,
  type LoginAndGetQQRunDataSuccessResult,
  type CallbackOption,
  type GetQQRunDataFailResult,
  type GetQQRunDataOption,
  type GetQQRunDataSuccessResult,
  type NotSupportedResult,
  type Platform,
} from 'taro-qq-run-data'

expectTypeOf(getQQRunData()).toEqualTypeOf<Promise<GetQQRunDataSuccessResult>>()
expectTypeOf(getQQRunData(null)).toEqualTypeOf<Promise<GetQQRunDataSuccessResult>>()
expectTypeOf(getQQRunData({ timeout: 5000 })).toEqualTypeOf<Promise<GetQQRunDataSuccessResult>>()
expectTypeOf<GetQQRunDataOption>().toEqualTypeOf<
  CallbackOption<GetQQRunDataSuccessResult, GetQQRunDataFailResult>
>()

getQQRunData({
  success(res) {
    expectTypeOf(res).toEqualTypeOf<GetQQRunDataSuccessResult>()
  },
  fail(res) {
    expectTypeOf(res).toEqualTypeOf<GetQQRunDataFailResult>()
  },
  complete(res) {
    expectTypeOf(res).toEqualTypeOf<GetQQRunDataSuccessResult | GetQQRunDataFailResult>()
  },
})

// @ts-expect-error: callbacks must be functions
getQQRunData({ success: 1 })
// @ts-expect-error: timeout is a number of ms
getQQRunData({ timeout: '5s' })
// @ts-expect-error: the option is an object
getQQRunData('success')
// @ts-expect-error: unknown option
getQQRunData({ succes() {} })

// The success result and Taro's are interchangeable, in both directions.
type TaroSuccess = Taro.getQQRunData.SuccessCallbackResult
declare const ours: GetQQRunDataSuccessResult
declare const taros: TaroSuccess
const toTaro: TaroSuccess = ours
const toOurs: GetQQRunDataSuccessResult = taros
void toTaro
void toOurs
expectTypeOf<GetQQRunDataSuccessResult>().toExtend<TaroSuccess>()
expectTypeOf<TaroSuccess>().toExtend<GetQQRunDataSuccessResult>()

expectTypeOf(detectPlatform()).toEqualTypeOf<Platform>()
expectTypeOf<'qq'>().toExtend<Platform>()
expectTypeOf<'harmony-hybrid'>().toExtend<Platform>()
// @ts-expect-error: not a TARO_ENV value
expectTypeOf<'wechat'>().toExtend<Platform>()

expectTypeOf(isQQRunDataSupported()).toEqualTypeOf<boolean>()

declare const caught: unknown
if (isNotSupported(caught)) {
  expectTypeOf(caught).toEqualTypeOf<NotSupportedResult>()
  expectTypeOf(caught.platform).toEqualTypeOf<Platform>()
}
expectTypeOf<NotSupportedResult>().toExtend<GetQQRunDataFailResult>()

expectTypeOf(loginAndGetQQRunData()).toEqualTypeOf<Promise<LoginAndGetQQRunDataSuccessResult>>()
expectTypeOf<LoginAndGetQQRunDataSuccessResult>().toEqualTypeOf<{
  errMsg: string
  code: string
  encryptedData: string
  iv: string
}>()
expectTypeOf<LoginAndGetQQRunDataOption['fail']>().toEqualTypeOf<((res: GetQQRunDataFailResult) => void) | undefined>()
loginAndGetQQRunData({ success: ({ code }) => expectTypeOf(code).toBeString(), timeout: 15000 })
// @ts-expect-error: callbacks must be functions
loginAndGetQQRunData({ complete: 'done' })
