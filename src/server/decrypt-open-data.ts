import { createDecipheriv } from 'node:crypto'
import { base64Problem } from '../shared/base64'
import { typeName } from '../shared/type-name'
import { insteadOfRange, is16Bytes, isAge, isFilled, isObject, isTimestamp, shouldBe } from '../shared/validation'
import { invalidInput, invalidOption, refuseUnknownOptions } from './option-checks'
import { RunDataError } from './run-data-error'
import type { Watermark } from '../shared/run-data'

/**
 * The options of {@link decryptOpenData} and {@link decryptRunData}.
 *
 * @example
 * const options: DecryptOptions = { encryptedData, iv, sessionKey, appId: '1109876543', maxAgeSeconds: 300 }
 */
export interface DecryptOptions {
  /** The `encryptedData` the mini-program got, standard base64 as the platform sent it. */
  encryptedData: string
  /** The `iv` the mini-program got, standard base64 of 16 bytes. */
  iv: string
  /** The user's `session_key` from {@link code2Session}, standard base64 of 16 bytes. */
  sessionKey: string
  /** Your mini-program's appid: a watermark, when the data has one, must name it. */
  appId: string
  /**
   * Rejects data whose `watermark.timestamp` is more than this many seconds old with `EXPIRED`.
   * Data without a watermark has no age to check, so with this option it is `INVALID_PAYLOAD`.
   *
   * @default undefined (any age, and a watermark is not needed)
   */
  maxAgeSeconds?: number
  /**
   * Makes data without a watermark `INVALID_PAYLOAD`. Without it such data is accepted, since
   * QQ's documentation shows run data without one.
   *
   * @default false
   */
  requireWatermark?: boolean
  /**
   * The current time in ms, for `maxAgeSeconds`.
   *
   * @default Date.now
   */
  now?: () => number
}

/** The byte length of `encryptedData`: whole AES blocks. */
export const isBlocks = (bytes: number): boolean => bytes > 0 && bytes % 16 == 0

const KNOWN = ['encryptedData', 'iv', 'sessionKey', 'appId', 'maxAgeSeconds', 'requireWatermark', 'now']

/** The problem with the data's two base64 inputs, or `undefined`; the only check they need. */
export function cipherInputProblem(encryptedData: unknown, iv: unknown): string | undefined {
  return (
    base64Problem('iv', iv, is16Bytes, '16 bytes') ??
    base64Problem('encryptedData', encryptedData, isBlocks, 'a non-empty multiple of 16 bytes (AES blocks)')
  )
}

/** Checks what {@link openData} trusts: every option of {@link DecryptOptions}, and no other. */
export function checkDecryptOptions(api: string, options: unknown): asserts options is DecryptOptions {
  if (!isObject(options)) throw invalidOption(api, shouldBe('options', 'Object', options))
  refuseUnknownOptions(api, options, KNOWN)
  const { encryptedData, iv, sessionKey, appId, maxAgeSeconds, requireWatermark, now } = options
  // Everything is checked before anything is decrypted.
  const problem = base64Problem('sessionKey', sessionKey, is16Bytes, '16 bytes (a session_key)') ?? cipherInputProblem(encryptedData, iv)
  if (problem) throw invalidInput(api, problem)
  if (!isFilled(appId)) throw invalidOption(api, shouldBe('appId', 'a non-empty String', appId))
  if (maxAgeSeconds !== undefined && !isAge(maxAgeSeconds))
    throw invalidOption(api, shouldBe('maxAgeSeconds', 'a finite Number >= 0', maxAgeSeconds, insteadOfRange))
  if (requireWatermark !== undefined && typeof requireWatermark != 'boolean')
    throw invalidOption(api, shouldBe('requireWatermark', 'Boolean', requireWatermark))
  if (now !== undefined && typeof now != 'function') throw invalidOption(api, shouldBe('now', 'Function', now))
}

const payload = (api: string, problem: string, field?: string) =>
  new RunDataError('INVALID_PAYLOAD', `${api}: the decrypted data ${problem}`, field ? { field } : {})

/**
 * Decrypts and verifies open data whose options {@link checkDecryptOptions} (or the handler's
 * request check) has already checked: it trusts them.
 */
export function openData(api: string, options: DecryptOptions): Record<string, unknown> & { watermark?: Watermark } {
  const { encryptedData, iv, sessionKey, appId, maxAgeSeconds, requireWatermark = false, now = Date.now } = options
  let text: string
  try {
    const decipher = createDecipheriv('aes-128-cbc', Buffer.from(sessionKey, 'base64'), Buffer.from(iv, 'base64'))
    text = decipher.update(encryptedData, 'base64', 'utf8') + decipher.final('utf8')
  } catch {
    throw new RunDataError(
      'DECRYPT_FAILED',
      `${api}: the session key and iv don't decrypt the data (bad padding); the session key is probably stale, as every login replaces it`,
    )
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    // Padding alone lets about 1 wrong key in 256 through. Its output is noise, not JSON, and is
    // reported like any other wrong key, so the code doesn't reveal which check caught it.
    throw new RunDataError(
      'DECRYPT_FAILED',
      `${api}: the decrypted data is not JSON; the session key or iv is probably wrong, or the data is corrupt`,
    )
  }
  if (!isObject(data)) throw payload(api, `should be an Object instead of ${typeName(data)}`)
  const { watermark } = data
  // Checked when present, never assumed: QQ documents run data without a watermark.
  if (watermark === undefined) {
    if (requireWatermark) throw payload(api, 'has no watermark, and requireWatermark is set', 'watermark')
    if (maxAgeSeconds !== undefined)
      throw payload(
        api,
        `has no watermark, so its age cannot be checked against maxAgeSeconds (${maxAgeSeconds}); leave maxAgeSeconds out for data that comes without one`,
        'watermark',
      )
    return data
  }
  if (!isObject(watermark)) throw payload(api, `has a watermark that is ${typeName(watermark)} instead of an Object`)
  const { appid, timestamp } = watermark
  if (!(isFilled(appid) || (typeof appid == 'number' && Number.isFinite(appid))))
    throw payload(api, 'has a watermark.appid that is neither a non-empty String nor a Number')
  if (!isTimestamp(timestamp)) throw payload(api, 'has a watermark.timestamp that is not an integer number of seconds')
  // QQ appids look numeric and may arrive as numbers; the contract is a string.
  if (typeof appid == 'number') watermark.appid = String(appid)
  if (watermark.appid !== appId)
    throw new RunDataError('APPID_MISMATCH', `${api}: the data was encrypted for another app: its watermark.appid is not appId`, {
      dataAppId: watermark.appid as string,
    })
  if (maxAgeSeconds !== undefined) {
    const ms = now()
    if (typeof ms != 'number' || !Number.isFinite(ms)) throw invalidOption(api, shouldBe('now()', 'a finite Number of ms', ms, insteadOfRange))
    const age = ms / 1000 - timestamp
    if (age > maxAgeSeconds)
      throw new RunDataError(
        'EXPIRED',
        `${api}: the data is ${Math.floor(age)} s old (by watermark.timestamp), more than maxAgeSeconds (${maxAgeSeconds})`,
      )
  }
  return data as Record<string, unknown> & { watermark: Watermark }
}

const API = 'decryptOpenData'

/**
 * Decrypts and verifies any QQ or WeChat open data: AES-128-CBC with PKCS#7 padding, the
 * session key as key, everything standard base64. The generic algorithm behind
 * {@link decryptRunData}; use it for other encrypted open data, such as a share ticket's or
 * WeChat's user info.
 *
 * Before decrypting, it checks that `sessionKey` and `iv` are well-formed base64 of 16 bytes and
 * `encryptedData` of a non-empty multiple of 16 (Node's decoder would silently skip bad
 * characters). After, that the plaintext is a JSON object. A `watermark` is checked when present
 * and never assumed: its `appid` must be `appId`, and with `maxAgeSeconds` its `timestamp` must
 * be recent enough. Without a watermark the data is accepted, unless `requireWatermark` is set
 * or `maxAgeSeconds` asks for an age it cannot check. It throws a {@link RunDataError}:
 * `INVALID_OPTION` (an unknown or malformed option), `INVALID_INPUT` (malformed base64),
 * `DECRYPT_FAILED`, `INVALID_PAYLOAD`, `APPID_MISMATCH` (with `dataAppId`) or `EXPIRED`. Its
 * message never contains the key, the iv or the data.
 *
 * Only `watermark` is checked; describe the rest with `T` and check it yourself. Behind an HTTP
 * endpoint, answer every "reject the data" code with one generic response: this CBC has no MAC, and
 * distinct answers make a padding oracle.
 *
 * @example
 * import { decryptOpenData } from 'taro-qq-run-data/server'
 *
 * const { openGId } = decryptOpenData<{ openGId?: string }>({ encryptedData, iv, sessionKey, appId })
 */
export function decryptOpenData<T = unknown>(options: DecryptOptions): T & { watermark?: Watermark } {
  checkDecryptOptions(API, options)
  return openData(API, options) as T & { watermark?: Watermark }
}
