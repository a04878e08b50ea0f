import { stepInfoListProblem, type StepInfo } from '../shared/step-info'
import { isObject, shouldBe } from '../shared/validation'
import { invalidInput } from './errors'

/**
 * The steps of one calendar day.
 *
 * @example
 * const day: DailySteps = { date: '2024-06-01', steps: 8532, timestamp: 1717171200 }
 */
export interface DailySteps {
  /** The calendar date, `YYYY-MM-DD`, in the time zone `toDailySteps` was given. */
  date: string
  /** The steps of that day. */
  steps: number
  /** The timestamp (s) of the entry the day comes from. */
  timestamp: number
}

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
const ZONE_LIMIT = 32
const DATE_LIMIT = 4096

/** A time zone's formatter, and the dates it has already given, by timestamp (s). */
interface Zone {
  format: Intl.DateTimeFormat
  dates: Map<number, string>
}

// Creating a DateTimeFormat costs far more than formatting with one, so each time zone gets one.
// The time zone may come from a request, so the cache is bounded.
const zones = new Map<string, Zone>()

function zone(timeZone: unknown): Zone {
  if (typeof timeZone != 'string') throw invalidInput(API, shouldBe('options.timeZone', 'String', timeZone))
  let found = zones.get(timeZone)
  if (!found) {
    try {
      found = {
        format: new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
        dates: new Map(),
      }
    } catch {
      throw invalidInput(
        API,
        `options.timeZone ${JSON.stringify(timeZone)} is not a time zone this runtime knows; use an IANA name such as 'Asia/Shanghai'`,
      )
    }
    if (zones.size >= ZONE_LIMIT) zones.clear()
    zones.set(timeZone, found)
  }
  return found
}

// Each date is worked out once: formatToParts costs several µs, and every user's payload has the
// same timestamps (each day's midnight), so 31 days take about 7 µs instead of 200 µs (measured
// on 2 cores, 2026-12-01), the largest cost of the endpoint in `npm run bench`'s profile.
// Bounded, because the timestamps come from requests.
function dateOf({ format, dates }: Zone, seconds: number): string {
  let date = dates.get(seconds)
  if (date === undefined) {
    date = formattedDate(format, seconds)
    if (dates.size >= DATE_LIMIT) dates.clear()
    dates.set(seconds, date)
  }
  return date
}

// By parts rather than by the formatted string, whose layout belongs to the locale data.
function formattedDate(format: Intl.DateTimeFormat, seconds: number): string {
  let year = ''
  let month = ''
  let day = ''
  for (const { type, value } of format.formatToParts(seconds * 1000))
    if (type == 'year') year = value
    else if (type == 'month') month = value
    else if (type == 'day') day = value
  return `${year}-${month}-${day}`
}

/**
 * Turns QQ's `stepInfoList` into one entry per calendar day, in ascending date order.
 *
 * Each timestamp (seconds) becomes a date in `timeZone`, by `Intl`, with no assumption that it
 * is midnight. When two entries fall on the same date, the one with the later timestamp wins
 * (on a tie, the later entry). A list that is not {@link StepInfo} entries (integers >= 0, the
 * timestamp up to 9999-12-31) or an unknown time zone throws a {@link QQRunDataError} with code
 * `INVALID_INPUT`.
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
  if (options !== undefined && !isObject(options))
    throw invalidInput(API, shouldBe('options', 'Object', options))
  const { timeZone = 'Asia/Shanghai' } = options ?? {}
  const dates = zone(timeZone)
  const days = new Map<string, DailySteps>()
  for (const { timestamp, step } of list) {
    const date = dateOf(dates, timestamp)
    const kept = days.get(date)
    if (!kept || timestamp >= kept.timestamp) days.set(date, { date, steps: step, timestamp })
  }
  return [...days.values()].sort((a, b) => (a.date < b.date ? -1 : 1))
}
