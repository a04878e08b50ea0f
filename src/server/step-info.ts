import { isCount, MAX_TIMESTAMP, typeName } from './describe'

/**
 * One day of QQ run data: the steps counted that day, and a timestamp (seconds) on that day.
 * Don't assume the timestamp is midnight: group by date with {@link toDailySteps}.
 *
 * @example
 * const entry: StepInfo = { timestamp: 1717171200, step: 8532 }
 */
export interface StepInfo {
  /** Seconds since the epoch, an integer from 0 to 253402214400 (9999-12-31). */
  timestamp: number
  /** The number of steps, an integer >= 0. */
  step: number
}

/**
 * What is wrong with a list of {@link StepInfo}, or `undefined` when nothing is. The answer
 * names the entry but never repeats its values, which may be decrypted data.
 */
export function stepInfoListProblem(list: unknown, name: string): string | undefined {
  if (!Array.isArray(list)) return `${name} should be Array instead of ${typeName(list)}`
  // One pass, no copies: this runs on every decrypted payload.
  for (let i = 0; i < list.length; i++) {
    const entry: unknown = list[i]
    if (typeof entry != 'object' || entry === null)
      return `${name}[${i}] should be Object instead of ${typeName(entry)}`
    const { timestamp, step } = entry as Partial<StepInfo>
    if (!isCount(timestamp, MAX_TIMESTAMP))
      return `${name}[${i}].timestamp should be an integer number of seconds from 0 to ${MAX_TIMESTAMP}`
    if (!isCount(step)) return `${name}[${i}].step should be an integer >= 0`
  }
  return undefined
}
