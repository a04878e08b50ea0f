import type { DailySteps } from '../shared/run-data-answer'
import { stepInfoListProblem, type StepInfo } from '../shared/step-info'
import { isObject, shouldBe } from '../shared/validation'
import { calendarOf, dateIn, UNKNOWN_TIME_ZONE, type Calendar } from '../shared/time-zone'
import { invalidInput, invalidOption, refuseUnknownOptions } from './option-checks'

export type { DailySteps }

/**
 * The options of {@link toDailySteps}.
 *
 * @example
 * toDailySteps(data.stepInfoList, { timeZone: 'America/Los_Angeles' })
 */
export interface ToDailyStepsOptions {
  /**
   * The IANA time zone whose calendar dates the timestamps fall on.
   *
   * @default 'Asia/Shanghai' (where QQ's days begin and end)
   */
  timeZone?: string
}

const API = 'toDailySteps'

/**
 * One entry per calendar day of `list`, already checked, in `calendar`'s zone: later timestamps
 * win a date, and the days come in ascending order.
 */
export function dailySteps(list: readonly StepInfo[], calendar: Calendar): DailySteps[] {
  const days = new Map<string, DailySteps>()
  for (const { timestamp, step } of list) {
    const date = dateIn(calendar, timestamp)
    const kept = days.get(date)
    if (!kept || timestamp >= kept.timestamp) days.set(date, { date, steps: step, timestamp })
  }
  return [...days.values()].sort((a, b) => (a.date < b.date ? -1 : 1))
}

/** The calendar of the `timeZone` option, which must be a zone this runtime knows. */
export function checkedCalendar(api: string, name: string, timeZone: unknown): Calendar {
  if (typeof timeZone != 'string') throw invalidOption(api, shouldBe(name, 'String', timeZone))
  const calendar = calendarOf(timeZone)
  if (!calendar) throw invalidOption(api, `${name} ${JSON.stringify(timeZone)} ${UNKNOWN_TIME_ZONE}`)
  return calendar
}

/**
 * Turns QQ's `stepInfoList` into one entry per calendar day, in ascending date order.
 *
 * Each timestamp (seconds) becomes a date in `timeZone`, by `Intl`, with no assumption that it
 * is midnight. When two entries fall on the same date, the one with the later timestamp wins
 * (on a tie, the later entry). A list that is not {@link StepInfo} entries (integers >= 0, the
 * timestamp up to 9999-12-31) throws a {@link RunDataError} with code `INVALID_INPUT`; an unknown
 * or misspelled option, or a time zone this runtime does not know, one with `INVALID_OPTION`.
 *
 * @example
 * import { toDailySteps } from 'taro-qq-run-data/server'
 *
 * toDailySteps([{ timestamp: 1717171200, step: 8532 }])
 * // [{ date: '2024-06-01', steps: 8532, timestamp: 1717171200 }]
 */
export function toDailySteps(list: readonly StepInfo[], options?: ToDailyStepsOptions): DailySteps[] {
  const problem = stepInfoListProblem(list, 'list')
  if (problem) throw invalidInput(API, problem)
  if (options !== undefined) {
    if (!isObject(options)) throw invalidOption(API, shouldBe('options', 'Object', options))
    refuseUnknownOptions(API, options, ['timeZone'])
  }
  const { timeZone = 'Asia/Shanghai' } = options ?? {}
  return dailySteps(list, checkedCalendar(API, 'options.timeZone', timeZone))
}
