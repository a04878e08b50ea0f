// Wording shared by every parameter error, in Taro's style: `… should be String instead of Number`.
import { typeName } from '../type-name'

/** What a parameter error says `value` is: its type name, or `an empty String`. */
export const instead = (value: unknown): string => (value === '' ? 'an empty String' : typeName(value))

/**
 * What a range error says `value` is: a Number itself (`-1`, `NaN`, `Infinity`), as the client's
 * `timeout` error does, since its type is not what is wrong; anything else as {@link instead}.
 */
export const insteadOfRange = (value: unknown): string => (typeof value == 'number' ? String(value) : instead(value))

/** True for a plain JSON-like object: not null, not an array. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value == 'object' && value !== null && !Array.isArray(value)

/** True for a string with at least one character. */
export const isFilled = (value: unknown): value is string => typeof value == 'string' && value !== ''

/** The highest timestamp (s) whose date has a 4-digit year in every time zone: 9999-12-31T00:00Z. */
export const MAX_TIMESTAMP = 253402214400

/** True for an integer from 0 to `max`. */
export const isCount = (value: unknown, max = Number.MAX_SAFE_INTEGER): value is number =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) <= max
