// Compile-time tests of the published declarations (dist/*.d.mts), run by `npm run typecheck`.
import type Taro from '@tarojs/taro'
import { expectTypeOf } from 'expect-type'
import {
  RUN_DATA_SCOPES,
  detectPlatform,
  getQQRunData,
  getRunData,
  getWeRunData,
  isAuthDenied,
  isRunDataSupported,
  loginAndGetRunData,
  type GetRunDataOption,
  type GetRunDataSuccessResult,
  type GetWeRunDataOption,
  type GetWeRunDataSuccessResult,
  type LoginAndGetRunDataOption,
  type LoginAndGetRunDataSuccessResult,
  type RunDataFailResult,
  type RunDataPlatform,
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
  syncRunData,
  type DailySteps,
  type RunDataAnswer,
  type StepsSummary,
  type SyncRunDataFailResult,
  type SyncRunDataOption,
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
  platform: 'qq'
  code: string
  encryptedData: string
  iv: string
}>()
expectTypeOf<LoginAndGetQQRunDataOption['fail']>().toEqualTypeOf<((res: GetQQRunDataFailResult) => void) | undefined>()
loginAndGetQQRunData({ success: ({ code }) => expectTypeOf(code).toBeString(), timeout: 15000 })
// @ts-expect-error: callbacks must be functions
loginAndGetQQRunData({ complete: 'done' })

// WeChat and both platforms.
expectTypeOf(getWeRunData()).toEqualTypeOf<Promise<GetWeRunDataSuccessResult>>()
expectTypeOf<GetWeRunDataSuccessResult>().toEqualTypeOf<{ errMsg: string; encryptedData: string; iv: string; cloudID?: string }>()
expectTypeOf<GetWeRunDataOption>().toEqualTypeOf<CallbackOption<GetWeRunDataSuccessResult, RunDataFailResult>>()
// The success result and Taro's are interchangeable, in both directions.
expectTypeOf<GetWeRunDataSuccessResult>().toExtend<Taro.getWeRunData.SuccessCallbackResult>()
expectTypeOf<Taro.getWeRunData.SuccessCallbackResult>().toExtend<GetWeRunDataSuccessResult>()

expectTypeOf(getRunData({ timeout: 5000 })).toEqualTypeOf<Promise<GetRunDataSuccessResult>>()
expectTypeOf<GetRunDataSuccessResult>().toEqualTypeOf<{
  errMsg: string
  platform: RunDataPlatform
  encryptedData: string
  iv: string
  cloudID?: string
}>()
expectTypeOf<RunDataPlatform>().toEqualTypeOf<'qq' | 'weapp'>()
getRunData({ success: ({ platform }) => expectTypeOf(platform).toEqualTypeOf<'qq' | 'weapp'>() })
expectTypeOf<GetRunDataOption['fail']>().toEqualTypeOf<((res: RunDataFailResult) => void) | undefined>()
// @ts-expect-error: callbacks must be functions
getRunData({ fail: 'x' })

expectTypeOf(loginAndGetRunData()).toEqualTypeOf<Promise<LoginAndGetRunDataSuccessResult>>()
expectTypeOf<LoginAndGetRunDataSuccessResult>().toEqualTypeOf<{
  errMsg: string
  platform: RunDataPlatform
  code: string
  encryptedData: string
  iv: string
  cloudID?: string
}>()
expectTypeOf<LoginAndGetRunDataOption>().toEqualTypeOf<CallbackOption<LoginAndGetRunDataSuccessResult, RunDataFailResult>>()
// @ts-expect-error: timeout is a number of ms
loginAndGetRunData({ timeout: '15s' })

expectTypeOf(isRunDataSupported()).toEqualTypeOf<boolean>()
expectTypeOf(isAuthDenied(caught)).toEqualTypeOf<boolean>()
expectTypeOf(RUN_DATA_SCOPES).toEqualTypeOf<{ readonly qq: 'scope.qqrun'; readonly weapp: 'scope.werun' }>()
// The scope names are what Taro.authorize takes.
const authorizeOption: Taro.authorize.Option = { scope: RUN_DATA_SCOPES.weapp }
void authorizeOption
expectTypeOf<GetQQRunDataFailResult>().toEqualTypeOf<RunDataFailResult>()

// syncRunData: the endpoint's answer by default, or what the caller says it is.
expectTypeOf(syncRunData({ url: '/steps' })).toEqualTypeOf<Promise<RunDataAnswer>>()
expectTypeOf(syncRunData<{ saved: boolean }>({ cloudFunction: 'steps' })).toEqualTypeOf<Promise<{ saved: boolean }>>()
expectTypeOf<RunDataAnswer>().toEqualTypeOf<{ platform: RunDataPlatform; days: DailySteps[]; summary: StepsSummary }>()
expectTypeOf<DailySteps>().toEqualTypeOf<{ date: string; steps: number; timestamp: number }>()
expectTypeOf<StepsSummary['best']>().toEqualTypeOf<DailySteps | null>()
expectTypeOf<SyncRunDataFailResult>().toEqualTypeOf<{ errMsg: string; errCode?: number; statusCode?: number; data?: unknown }>()
expectTypeOf<SyncRunDataOption>().toExtend<CallbackOption<RunDataAnswer, SyncRunDataFailResult>>()
syncRunData({
  url: 'https://api.example.com/steps',
  header: { authorization: 'Bearer x' },
  storageKey: 'steps:session',
  timeout: 15000,
  success(res) {
    expectTypeOf(res).toEqualTypeOf<RunDataAnswer>()
  },
  fail(res) {
    expectTypeOf(res).toEqualTypeOf<SyncRunDataFailResult>()
  },
  complete(res) {
    expectTypeOf(res).toEqualTypeOf<RunDataAnswer | SyncRunDataFailResult>()
  },
})
// @ts-expect-error: the option is required (url or cloudFunction)
syncRunData()
// @ts-expect-error: url is a String
syncRunData({ url: 42 })
// @ts-expect-error: header values are strings
syncRunData({ url: '/steps', header: { n: 1 } })
// @ts-expect-error: timeout is a number of ms
syncRunData({ url: '/steps', timeout: '15s' })
// @ts-expect-error: unknown option
syncRunData({ url: '/steps', method: 'GET' })
