import type { RunDataPlatform } from './platforms'

/**
 * The steps of one calendar day, as `toDailySteps` builds them and the endpoint answers them.
 *
 * @example
 * const day: DailySteps = { date: '2024-06-01', steps: 8532, timestamp: 1717171200 }
 */
export interface DailySteps {
  /** The calendar date, `YYYY-MM-DD`, in the time zone the days were built in. */
  date: string
  /** The steps of that day. */
  steps: number
  /** The timestamp (s) of the entry the day comes from. */
  timestamp: number
}

/**
 * Totals of a list of {@link DailySteps}.
 *
 * @example
 * const summary: StepsSummary = { days: 2, total: 15000, average: 7500, best: day2, latest: day2 }
 */
export interface StepsSummary {
  /** How many days the list has. */
  days: number
  /** The sum of their steps. */
  total: number
  /** `total / days`, rounded to a whole step; 0 for no days. */
  average: number
  /** The day with the most steps (on a tie, the later date); `null` for no days. */
  best: DailySteps | null
  /** The day with the latest date; `null` for no days. */
  latest: DailySteps | null
}

/**
 * What `createRunDataHandler` answers with a 200 when it has no `onRunData` (or `onRunData`
 * returns nothing): the platform, the days and their summary.
 *
 * @example
 * const answer: RunDataAnswer = { platform: 'weapp', days: [day], summary: { days: 1, total: 8532, average: 8532, best: day, latest: day } }
 */
export interface RunDataAnswer {
  platform: RunDataPlatform
  days: DailySteps[]
  summary: StepsSummary
}
