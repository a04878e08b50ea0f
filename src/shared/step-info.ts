import { typeName } from './type-name'
import { isCount, isTimestamp } from './validation'
import { MAX_TIMESTAMP } from './limits'

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
 * What is wrong with `list[index]`, an entry that should be an object with an integer
 * `timestamp` (seconds, up to 9999-12-31) and an integer count of steps under `steps` (QQ's
 * `step`, or `steps` in a {@link DailySteps}), or `undefined` when nothing is. The answer names
 * the entry but never repeats its values, which may be decrypted data.
 */
export function stepEntryProblem(list: readonly unknown[], index: number, name: string, steps: 'step' | 'steps'): string | undefined {
  const entry = list[index]
  // The entry's name is put together only when something is wrong: this runs for every entry.
  if (typeof entry != 'object' || entry === null) return `${name}[${index}] should be Object instead of ${typeName(entry)}`
  if (!isTimestamp((entry as StepInfo).timestamp))
    return `${name}[${index}].timestamp should be an integer number of seconds from 0 to ${MAX_TIMESTAMP}`
  if (!isCount((entry as Record<string, unknown>)[steps])) return `${name}[${index}].${steps} should be an integer >= 0`
  return undefined
}

/**
 * What is wrong with a list of {@link StepInfo}, or `undefined` when nothing is. The answer
 * names the entry but never repeats its values, which may be decrypted data.
 */
export function stepInfoListProblem(list: unknown, name: string): string | undefined {
  if (!Array.isArray(list)) return `${name} should be Array instead of ${typeName(list)}`
  // One pass, no copies: this runs on every decrypted payload.
  for (let i = 0; i < list.length; i++) {
    const problem = stepEntryProblem(list, i, name, 'step')
    if (problem) return problem
  }
  return undefined
}
