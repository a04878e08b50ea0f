import { stepInfoListProblem, type StepInfo } from '../shared/step-info'
import { isObject, shouldBe } from '../shared/validation'
import { checkedCalendar, dailySteps, type DailySteps } from './daily-steps'
import { invalidInput, invalidOption, refuseUnknownOptions } from './option-checks'
import { RunDataError } from './run-data-error'
import { summary, type StepsSummary } from './summarize-steps'

/**
 * The options of {@link cloudRunData}.
 *
 * @example
 * cloudRunData(event, { timeZone: 'Asia/Shanghai' })
 */
export interface CloudRunDataOptions {
  /**
   * The IANA time zone whose calendar dates the days fall on.
   *
   * @default 'Asia/Shanghai'
   */
  timeZone?: string
}

/**
 * What {@link cloudRunData} returns: the user's openid when the cloud gave one, the days and
 * their summary.
 *
 * @example
 * const { days, summary }: CloudRunData = cloudRunData(event)
 */
export interface CloudRunData {
  /** `event.userInfo.openId`: the cloud sets it when the mini-program itself calls the function. */
  openid?: string
  days: DailySteps[]
  summary: StepsSummary
}

const API = 'cloudRunData'
const HOW = 'call the function with { weRunData: wx.cloud.CloudID(cloudID) }'
const ERRMSG_LIMIT = 200

// The cloud's errMsg is shown to help, cut short and kept printable: it comes from outside.
const shortened = (errMsg: unknown): string =>
  typeof errMsg == 'string' && errMsg ? `: ${errMsg.replace(/[\x00-\x1f\x7f-\x9f]/g, '?').slice(0, ERRMSG_LIMIT)}` : ''

/**
 * Turns the event a WeChat cloud function receives into days and a summary. The mini-program
 * calls the function with `{ weRunData: wx.cloud.CloudID(cloudID) }`, the cloud replaces the
 * CloudID with the decrypted run data, `event.weRunData = { cloudID, data: { stepInfoList,
 * watermark } }`, and adds `event.userInfo.openId`. No `session_key`, no secret, no decryption.
 *
 * Throws a {@link RunDataError}:
 * - `INVALID_INPUT` when `event.weRunData` is missing or not an object (the CloudID was passed as
 *   a plain string, not through `wx.cloud.CloudID`), or when the cloud could not resolve the
 *   CloudID (it put `errCode` and `errMsg` in place of `data`: an expired or foreign CloudID);
 *   the cloud's `errCode` is the error's `errcode`. Get the run data again in the mini-program.
 * - `INVALID_PAYLOAD` when `data` is not `{ stepInfoList }` with integer timestamps and steps.
 * - `INVALID_OPTION` for an unknown option or time zone.
 *
 * The watermark and `userInfo` are optional: `openid` is left out when the cloud sent none.
 *
 * @example
 * // cloudfunctions/runData/index.js
 * const cloud = require('wx-server-sdk')
 * const { cloudRunData } = require('taro-qq-run-data/server')
 *
 * cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
 * exports.main = async (event) => cloudRunData(event)
 */
export function cloudRunData(event: unknown, options?: CloudRunDataOptions): CloudRunData {
  if (options !== undefined && !isObject(options)) throw invalidOption(API, shouldBe('options', 'Object', options))
  refuseUnknownOptions(API, options ?? {}, ['timeZone'])
  const { timeZone = 'Asia/Shanghai' }: CloudRunDataOptions = options ?? {}
  const calendar = checkedCalendar(API, 'options.timeZone', timeZone)

  if (!isObject(event)) throw invalidInput(API, shouldBe('event', 'Object', event))
  const { weRunData, userInfo } = event
  if (weRunData === undefined) throw invalidInput(API, `event.weRunData is missing; ${HOW}`)
  if (!isObject(weRunData)) throw invalidInput(API, `${shouldBe('event.weRunData', 'Object', weRunData)}; ${HOW}`)
  const { data, errCode, errMsg } = weRunData
  if (data === undefined) {
    const errcode = typeof errCode == 'number' ? errCode : undefined
    throw new RunDataError(
      'INVALID_INPUT',
      `${API}: the cloud could not resolve event.weRunData's CloudID` +
        (errcode === undefined ? ' (it sent no data)' : ` (errCode ${errcode}${shortened(errMsg)})`) +
        '; get the run data again in the mini-program',
      { platform: 'weapp', ...(errcode !== undefined && { errcode }) },
    )
  }
  if (!isObject(data)) throw new RunDataError('INVALID_PAYLOAD', `${API}: ${shouldBe('event.weRunData.data', 'Object', data)}`, { platform: 'weapp' })
  const problem = stepInfoListProblem(data.stepInfoList, 'event.weRunData.data.stepInfoList')
  if (problem) throw new RunDataError('INVALID_PAYLOAD', `${API}: ${problem}`, { platform: 'weapp' })

  // Checked just above, as the data entered: the inner steps trust it.
  const days = dailySteps(data.stepInfoList as StepInfo[], calendar)
  const openid = isObject(userInfo) && typeof userInfo.openId == 'string' && userInfo.openId ? userInfo.openId : undefined
  return { ...(openid !== undefined && { openid }), days, summary: summary(days) }
}
