import { shouldBe } from './validation'

// Node's base64 decoder silently skips characters outside the alphabet and also takes
// base64url's `-` and `_`, so corrupted input would decrypt to garbage (or, for a key, to a
// different key) instead of failing: the string is checked first. With the length and `=`
// checks next to it, this admits exactly the well-formed padded encodings.
const OUTSIDE = /[^A-Za-z0-9+/=]/

/**
 * What is wrong with `value` as standard base64 of a byte length that `size` accepts, or
 * `undefined` when nothing is. The answer says where the problem is but never repeats the value:
 * it may be a session key.
 *
 * @example
 * base64Problem('iv', 'AAAA', is16Bytes, '16 bytes') // 'iv decodes to 3 bytes; it should be 16 bytes'
 */
export function base64Problem(
  field: string,
  value: unknown,
  size: (bytes: number) => boolean,
  expected: string,
): string | undefined {
  if (typeof value != 'string') return shouldBe(field, 'a base64 String', value)
  const bad = malformed(value)
  if (bad) return `${field} ${bad}`
  const padding = value.indexOf('=')
  const bytes = (value.length / 4) * 3 - (padding < 0 ? 0 : value.length - padding)
  if (size(bytes)) return undefined
  return `${field} ${bytes ? `decodes to ${bytes} bytes` : 'is empty'}; it should be ${expected}`
}

/**
 * Which of the two usual transport accidents explains every bad character of `value`: `'space'`
 * (URL-decoding turned each '+' into a space) or `'base64url'` ('-' and '_' for '+' and '/'), or
 * `undefined` when neither does (or nothing is wrong).
 *
 * @example
 * base64Accident('qBr /9kQ') // 'space'
 */
export function base64Accident(value: string): 'space' | 'base64url' | undefined {
  if (!OUTSIDE.test(value)) return undefined
  if (!/[^A-Za-z0-9+/= ]/.test(value)) return 'space'
  if (!/[^A-Za-z0-9+/=_-]/.test(value)) return 'base64url'
  return undefined
}

function malformed(value: string): string | undefined {
  const outside = value.search(OUTSIDE)
  if (outside >= 0) {
    const accident = base64Accident(value)
    // A space where '+' was is what URL-decoding does; say so only when that explains everything.
    if (accident == 'space')
      return (
        `contains a space (at index ${outside}): it was probably URL-decoded, which turns every '+' ` +
        `into a space. Send it in a JSON body, or encode it with encodeURIComponent`
      )
    if (accident == 'base64url')
      return `contains '${value[outside]}' (at index ${outside}): that is base64url; it should be standard base64 (with '+' and '/')`
    const code = value.codePointAt(outside)!
    return `contains ${describeCharacter(code)} at index ${outside}, which is outside the base64 alphabet (A-Z, a-z, 0-9, '+', '/', '=')`
  }
  if (value.length % 4)
    return `has a length of ${value.length}, which is not a multiple of 4: base64 is padded with '=' to a multiple of 4`
  const padding = value.indexOf('=')
  // At most two `=`, only at the end: the first is one of the last two and the last is one.
  if (padding >= 0 && !(padding >= value.length - 2 && value.endsWith('=')))
    return `has a misplaced '=' (at index ${padding}): base64 has at most two, and only at the end`
  return undefined
}

// A printable character is quoted; anything else is named by its code point, so the message
// itself stays printable.
const describeCharacter = (code: number) =>
  code > 0x20 && code < 0x7f ? `'${String.fromCodePoint(code)}'` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
