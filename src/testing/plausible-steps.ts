import type { StepInfo } from '../shared/step-info'

const DAY = 86400
// QQ's days run on China Standard Time, UTC+8 all year (China has had no daylight saving since
// 1991), and QQ stamps each entry with the start of its day.
const CST = 8 * 3600

/** The timestamp (s) of 00:00 China Standard Time on the day `nowSeconds` falls on. */
export const startOfDayCST = (nowSeconds: number) => Math.floor((nowSeconds + CST) / DAY) * DAY - CST

/**
 * One entry per day for the `steps.length` days ending today (CST), oldest first, as QQ lists
 * them.
 */
export const stepsEndingToday = (steps: readonly number[], nowSeconds: number): StepInfo[] => {
  const today = startOfDayCST(nowSeconds)
  return steps.map((step, i) => ({ timestamp: today - (steps.length - 1 - i) * DAY, step }))
}

/**
 * `days` plausible daily step counts, oldest first: a few thousand on most days, more at
 * weekends, the odd very lazy or very long day. The same `seed` gives the same numbers.
 */
export function plausibleSteps(days: number, seed = 20240601): number[] {
  let state = seed >>> 0
  // A small linear congruential generator: repeatable fixtures, no dependency.
  const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32)
  return Array.from({ length: days }, (_, i) => {
    const weekend = i % 7 >= 5 ? 3500 : 0
    const outlier = random() < 0.1 ? (random() < 0.5 ? -4000 : 9000) : 0
    return Math.max(0, Math.round(6000 + weekend + outlier + (random() - 0.5) * 5000))
  })
}
