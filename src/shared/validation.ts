// The checks and the wording of every parameter error in the server and testing entries, in
// Taro's style: `… should be String instead of Number`. Each entry wraps the text in its own
// error (the server kit's RunDataError subclasses, the testing kit's TypeError).
import { MAX_TIMEOUT, MAX_TIMESTAMP } from './limits'
import { typeName } from './type-name'

/** What a parameter error says `value` is: its type name, or `an empty String`. */
export const instead = (value: unknown): string => (value === '' ? 'an empty String' : typeName(value))

/**
 * What a range error says `value` is: a Number itself (`-1`, `NaN`, `Infinity`), as the client's
 * `timeout` error does, since its type is not what is wrong; anything else as {@link instead}.
 */
export const insteadOfRange = (value: unknown): string => (typeof value == 'number' ? String(value) : instead(value))

/** `'<name> should be <expected> instead of <what value is>'`. */
export const shouldBe = (name: string, expected: string, value: unknown, describe = instead): string =>
  `${name} should be ${expected} instead of ${describe(value)}`

/** True for a plain JSON-like object: not null, not an array. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value == 'object' && value !== null && !Array.isArray(value)

/** True for a string with at least one character. */
export const isFilled = (value: unknown): value is string => typeof value == 'string' && value !== ''

/** True for an integer from 0 to `max`. */
export const isCount = (value: unknown, max = Number.MAX_SAFE_INTEGER): value is number =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) <= max

/** True for a timestamp in seconds whose date has a 4-digit year. */
export const isTimestamp = (value: unknown): value is number => isCount(value, MAX_TIMESTAMP)

/** The size of a session key and of an iv: AES-128's key and block. */
export const is16Bytes = (bytes: number): boolean => bytes == 16

/** True for a timeout in ms that `setTimeout` honours: above 0 and at most {@link MAX_TIMEOUT}. */
export const isTimeout = (value: unknown): value is number => typeof value == 'number' && value > 0 && value <= MAX_TIMEOUT

/** True for an age in seconds, as `maxAgeSeconds` takes it: a finite Number >= 0. */
export const isAge = (value: unknown): value is number => typeof value == 'number' && value >= 0 && value < Infinity
