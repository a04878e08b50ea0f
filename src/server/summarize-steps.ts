import { stepEntryProblem } from '../shared/step-info'
import { shouldBe } from '../shared/validation'
import type { DailySteps, StepsSummary } from '../shared/run-data-answer'
import { invalidInput } from './option-checks'

export type { StepsSummary }

const API = 'summarizeSteps'
const DATE = /^\d{4}-\d{2}-\d{2}$/

/**
 * Sums up the output of {@link toDailySteps}: number of days, total, average, best and latest
 * day. The days may come in any order. A list that is not {@link DailySteps} (a `YYYY-MM-DD`
 * date, integers >= 0, each date once) throws a {@link RunDataError} with code
 * `INVALID_INPUT`.
 *
 * @example
 * import { summarizeSteps, toDailySteps } from 'taro-qq-run-data/server'
 *
 * const { total, average, best } = summarizeSteps(toDailySteps(data.stepInfoList))
 */
export function summarizeSteps(days: readonly DailySteps[]): StepsSummary {
  if (!Array.isArray(days)) throw invalidInput(API, shouldBe('days', 'Array', days))
  const dates = new Set<string>()
  for (let i = 0; i < days.length; i++) {
    // The same checks, in the same words, as the stepInfoList the days come from.
    const problem = stepEntryProblem(days, i, 'days', 'steps')
    if (problem) throw invalidInput(API, problem)
    const { date } = days[i]!
    if (typeof date != 'string' || !DATE.test(date)) throw invalidInput(API, `days[${i}].date should be a 'YYYY-MM-DD' String`)
    if (dates.has(date)) throw invalidInput(API, `days[${i}].date ${date} appears twice; each date should appear once, as toDailySteps returns them`)
    dates.add(date)
  }
  return summary(days)
}

/** The summary of days already checked, such as those {@link toDailySteps} just built. */
export function summary(days: readonly DailySteps[]): StepsSummary {
  let total = 0
  let best: DailySteps | null = null
  let latest: DailySteps | null = null
  for (const day of days) {
    const { date, steps } = day
    total += steps
    if (!best || steps > best.steps || (steps == best.steps && date > best.date)) best = day
    if (!latest || date > latest.date) latest = day
  }
  return { days: days.length, total, average: days.length ? Math.round(total / days.length) : 0, best, latest }
}
