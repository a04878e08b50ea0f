// Compile-time tests of the published server declarations (dist/server.d.mts), run by `npm run typecheck`.
import { expectTypeOf } from 'expect-type'
import {
  code2Session,
  decryptOpenData,
  decryptRunData,
  isRunDataError,
  RunDataError,
  summarizeSteps,
  toDailySteps,
  type Code2SessionOptions,
  type Code2SessionResult,
  type DailySteps,
  type DecryptOptions,
  type RunData,
  type RunDataErrorCode,
  type RunDataErrorDetails,
  type RunDataPlatform,
  type StepInfo,
  type StepsSummary,
  type ToDailyStepsOptions,
  type Watermark,
} from 'taro-qq-run-data/server'

declare const options: DecryptOptions

// code2Session
expectTypeOf(code2Session({ appId: '1', appSecret: 's', code: 'c' })).toEqualTypeOf<Promise<Code2SessionResult>>()
expectTypeOf<Code2SessionResult>().toEqualTypeOf<{ openid: string; sessionKey: string; unionid?: string }>()
expectTypeOf<Code2SessionOptions['fetch']>().toEqualTypeOf<typeof fetch | undefined>()
code2Session({ appId: '1', appSecret: 's', code: 'c', endpoint: 'http://127.0.0.1:8080/x', timeout: 500, fetch })
expectTypeOf<RunDataPlatform>().toEqualTypeOf<'qq' | 'weapp'>()
expectTypeOf<Code2SessionOptions['platform']>().toEqualTypeOf<RunDataPlatform | undefined>()
code2Session({ platform: 'weapp', appId: 'wx4f4bc4dec97d474b', appSecret: 's', code: 'c' })
// @ts-expect-error: WeChat's platform is named as Taro names it, 'weapp'
code2Session({ platform: 'wechat', appId: '1', appSecret: 's', code: 'c' })
// @ts-expect-error: the code is required
code2Session({ appId: '1', appSecret: 's' })
// @ts-expect-error: timeout is a number of ms
code2Session({ appId: '1', appSecret: 's', code: 'c', timeout: '5s' })
// @ts-expect-error: the option is appSecret, not secret
code2Session({ appId: '1', secret: 's', code: 'c' })

// decryptRunData and decryptOpenData
expectTypeOf(decryptRunData(options)).toEqualTypeOf<RunData>()
// The watermark is optional: QQ's documentation shows run data without one.
expectTypeOf<RunData>().toEqualTypeOf<{ stepInfoList: StepInfo[]; watermark?: Watermark }>()
decryptRunData({ ...options, requireWatermark: true })
// @ts-expect-error: requireWatermark is a boolean
decryptRunData({ ...options, requireWatermark: 'yes' })
expectTypeOf<StepInfo>().toEqualTypeOf<{ timestamp: number; step: number }>()
expectTypeOf<Watermark>().toEqualTypeOf<{ appid: string; timestamp: number }>()
expectTypeOf(decryptOpenData(options)).toEqualTypeOf<{ watermark?: Watermark }>()
expectTypeOf(decryptOpenData<{ openGId: string }>(options)).toEqualTypeOf<{ openGId: string } & { watermark?: Watermark }>()
expectTypeOf(decryptOpenData<{ openGId: string }>(options).openGId).toBeString()
decryptRunData({ encryptedData: 'e', iv: 'i', sessionKey: 'k', appId: '1', maxAgeSeconds: 300, now: () => 0 })
// @ts-expect-error: the appId is required
decryptRunData({ encryptedData: 'e', iv: 'i', sessionKey: 'k' })
// @ts-expect-error: the appId is a string, as QQ appids are compared as strings
decryptRunData({ encryptedData: 'e', iv: 'i', sessionKey: 'k', appId: 1109876543 })
// @ts-expect-error: now returns ms, not a Date
decryptRunData({ ...options, now: () => new Date() })

// toDailySteps and summarizeSteps
const days = toDailySteps(decryptRunData(options).stepInfoList)
expectTypeOf(days).toEqualTypeOf<DailySteps[]>()
expectTypeOf<DailySteps>().toEqualTypeOf<{ date: string; steps: number; timestamp: number }>()
expectTypeOf(toDailySteps([], { timeZone: 'America/Los_Angeles' })).toEqualTypeOf<DailySteps[]>()
expectTypeOf<ToDailyStepsOptions>().toEqualTypeOf<{ timeZone?: string }>()
declare const frozen: readonly StepInfo[]
toDailySteps(frozen)
// @ts-expect-error: a time zone is a name, not an offset in hours
toDailySteps([], { timeZone: 8 })
// @ts-expect-error: entries need a step
toDailySteps([{ timestamp: 0 }])
expectTypeOf(summarizeSteps(days)).toEqualTypeOf<StepsSummary>()
expectTypeOf<StepsSummary['best']>().toEqualTypeOf<DailySteps | null>()
expectTypeOf<StepsSummary['average']>().toBeNumber()
// @ts-expect-error: it summarises daily steps, not the raw list
summarizeSteps(decryptRunData(options).stepInfoList)

// Errors
expectTypeOf<RunDataErrorCode>().toEqualTypeOf<
  | 'INVALID_OPTION'
  | 'INVALID_CREDENTIALS'
  | 'INVALID_INPUT'
  | 'LOGIN_REQUIRED'
  | 'USER_BLOCKED'
  | 'RATE_LIMITED'
  | 'PLATFORM_UNAVAILABLE'
  | 'STORE_UNAVAILABLE'
  | 'DECRYPT_FAILED'
  | 'INVALID_PAYLOAD'
  | 'APPID_MISMATCH'
  | 'EXPIRED'
>()
expectTypeOf<RunDataError>().toExtend<Error>()
expectTypeOf<RunDataError['code']>().toEqualTypeOf<RunDataErrorCode>()
expectTypeOf<RunDataError['errcode']>().toEqualTypeOf<number | undefined>()
expectTypeOf<RunDataError['status']>().toEqualTypeOf<number | undefined>()
expectTypeOf<RunDataError['platform']>().toEqualTypeOf<RunDataPlatform | undefined>()
expectTypeOf<RunDataError['dataAppId']>().toEqualTypeOf<string | undefined>()
expectTypeOf<RunDataErrorDetails>().toEqualTypeOf<{ platform?: RunDataPlatform; errcode?: number; status?: number; dataAppId?: string; field?: string }>()
new RunDataError('LOGIN_REQUIRED', 'log in again', { platform: 'weapp', errcode: 40029 })
// @ts-expect-error: not a RunDataError code
new RunDataError('TIMEOUT', 'late')
// @ts-expect-error: the errors carry no errmsg, which may echo a secret
expectTypeOf<RunDataError['errmsg']>()

declare const caught: unknown
if (isRunDataError(caught)) expectTypeOf(caught.code).toEqualTypeOf<RunDataErrorCode>()
