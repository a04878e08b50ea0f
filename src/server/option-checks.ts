import { RunDataError } from './run-data-error'

/** The `INVALID_OPTION` error of `api`, saying what `problem` is. */
export const invalidOption = (api: string, problem: string): RunDataError => new RunDataError('INVALID_OPTION', `${api}: ${problem}`)

/** The `INVALID_INPUT` error of `api`, saying what `problem` is. */
export const invalidInput = (api: string, problem: string): RunDataError => new RunDataError('INVALID_INPUT', `${api}: ${problem}`)

/**
 * Throws `INVALID_OPTION` for the first key of `options` that is not in `known`, naming it with
 * its path (`prefix`) and the nearest known name: in plain JavaScript a misspelled option would
 * otherwise be silently ignored.
 */
export function refuseUnknownOptions(api: string, options: object, known: readonly string[], prefix = ''): void {
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue
    const nearest = nearestName(key, known)
    throw invalidOption(api, `unknown option '${prefix}${key}'${nearest ? `; did you mean '${prefix}${nearest}'?` : ''}`)
  }
}

/** The name in `names` that `key` is the fewest edits away from, if it is a plausible typo of it. */
function nearestName(key: string, names: readonly string[]): string | undefined {
  let best: string | undefined
  let fewest = Math.max(2, Math.floor(key.length / 3)) + 1
  for (const name of names) {
    const edits = distance(key.toLowerCase(), name.toLowerCase())
    if (edits < fewest) [best, fewest] = [name, edits]
  }
  return best
}

/** Levenshtein distance; the names compared are short, so the plain dynamic programme is enough. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] == b[j - 1] ? 0 : 1))
    previous = current
  }
  return previous[b.length]!
}
