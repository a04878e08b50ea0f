import { typeName } from '../type-name'
import { QQRunDataError } from './errors'

// Node's base64 decoder silently skips characters outside the alphabet and also takes
// base64url's `-` and `_`, so corrupted input would decrypt to garbage (or, for a key, to a
// different key) instead of failing: the string is checked first. V8 searches for one character
// outside the alphabet faster than it matches an anchored pattern over the whole string; with the
// length and `=` checks next to it, this admits exactly the well-formed padded encodings.
const OUTSIDE = /[^A-Za-z0-9+/=]/

/**
 * Checks that `value` is well-formed standard base64 of a byte length that `size` accepts, and
 * throws an `INVALID_INPUT` {@link QQRunDataError} naming the problem otherwise. The message
 * tells where the problem is but never repeats the value: it may be a session key.
 */
export function checkBase64(
  api: string,
  field: string,
  value: unknown,
  size: (bytes: number) => boolean,
  expected: string,
): asserts value is string {
  if (typeof value == 'string' && value.length % 4 == 0 && !OUTSIDE.test(value)) {
    const { length } = value
    const padding = value.indexOf('=')
    // At most two `=`, only at the end: the first is one of the last two and the last is one.
    if (padding < 0 || (padding >= length - 2 && value.charCodeAt(length - 1) == 61)) {
      const bytes = (length / 4) * 3 - (padding < 0 ? 0 : length - padding)
      if (size(bytes)) return
      const actual = bytes ? `decodes to ${bytes} bytes` : 'is empty'
      throw new QQRunDataError('INVALID_INPUT', `${api}: ${field} ${actual}; it should be ${expected}`)
    }
  }
  throw new QQRunDataError('INVALID_INPUT', `${api}: ${field} ${malformed(value)}`)
}

// Only runs on failure, so it may take its time to say precisely what is wrong.
function malformed(value: unknown): string {
  if (typeof value != 'string') return `should be a base64 String instead of ${typeName(value)}`
  const space = value.indexOf(' ')
  if (space >= 0)
    return (
      `contains a space (at index ${space}): it was probably URL-decoded, which turns every '+' ` +
      `into a space. Send it in a JSON body, or encode it with encodeURIComponent`
    )
  const url = value.search(/[-_]/)
  if (url >= 0)
    return `contains '-' or '_' (at index ${url}): that is base64url; it should be standard base64 (with '+' and '/')`
  const outside = value.search(OUTSIDE)
  if (outside >= 0) return `contains a character outside the base64 alphabet (at index ${outside})`
  return value.length % 4
    ? `has a length of ${value.length}, which is not a multiple of 4: base64 is padded with '=' to a multiple of 4`
    : `has a misplaced '=': base64 has at most two, and only at the end`
}
