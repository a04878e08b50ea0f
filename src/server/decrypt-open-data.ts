import { createDecipheriv } from 'node:crypto'
import { base64Problem } from '../shared/base64'
import { typeName } from '../shared/type-name'
import { insteadOfRange, is16Bytes, isAge, isFilled, isObject, isTimestamp, shouldBe } from '../shared/validation'
import { invalidInput, QQRunDataError } from './errors'
import type { Watermark } from '../shared/run-data'

/**
 * The options of {@link decryptOpenData}, {@link decryptRunData} and {@link decryptQQRunData}.
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

const isBlocks = (bytes: number) => bytes > 0 && bytes % 16 == 0

const invalid = (api: string, name: string, expected: string, value: unknown, describe?: (value: unknown) => string) =>
  invalidInput(api, shouldBe(name, expected, value, describe))

function checkBase64(api: string, field: string, value: unknown, size: (bytes: number) => boolean, expected: string): asserts value is string {
  const problem = base64Problem(field, value, size, expected)
  if (problem) throw invalidInput(api, problem)
}

const payload = (api: string, problem: string) =>
  new QQRunDataError('INVALID_PAYLOAD', `${api}: the decrypted data ${problem}`)

/** {@link decryptOpenData} with the API name its errors start with. */
export function openData(api: string, options: DecryptOptions): Record<string, unknown> & { watermark?: Watermark } {
  if (!isObject(options)) throw invalid(api, 'options', 'Object', options)
  const { encryptedData, iv, sessionKey, appId, maxAgeSeconds, requireWatermark = false, now = Date.now } = options
  // Everything is checked before anything is decrypted.
  checkBase64(api, 'sessionKey', sessionKey, is16Bytes, '16 bytes (a session_key)')
  checkBase64(api, 'iv', iv, is16Bytes, '16 bytes')
  checkBase64(api, 'encryptedData', encryptedData, isBlocks, 'a non-empty multiple of 16 bytes (AES blocks)')
  if (!isFilled(appId)) throw invalid(api, 'appId', 'a non-empty String', appId)
  if (maxAgeSeconds !== undefined && !isAge(maxAgeSeconds))
    throw invalid(api, 'maxAgeSeconds', 'a finite Number >= 0', maxAgeSeconds, insteadOfRange)
  if (typeof requireWatermark != 'boolean') throw invalid(api, 'requireWatermark', 'Boolean', requireWatermark)
  if (typeof now != 'function') throw invalid(api, 'now', 'Function', now)

  let text: string
  try {
    const decipher = createDecipheriv('aes-128-cbc', Buffer.from(sessionKey, 'base64'), Buffer.from(iv, 'base64'))
    text = decipher.update(encryptedData, 'base64', 'utf8') + decipher.final('utf8')
  } catch {
    throw new QQRunDataError(
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
    throw new QQRunDataError(
      'DECRYPT_FAILED',
      `${api}: the decrypted data is not JSON; the session key or iv is probably wrong, or the data is corrupt`,
    )
  }
  if (!isObject(data)) throw payload(api, `should be an Object instead of ${typeName(data)}`)
  const { watermark } = data
  // Checked when present, never assumed: QQ documents run data without a watermark.
  if (watermark === undefined) {
    if (requireWatermark) throw payload(api, 'has no watermark, and requireWatermark is set')
    if (maxAgeSeconds !== undefined)
      throw payload(
        api,
        `has no watermark, so its age cannot be checked against maxAgeSeconds (${maxAgeSeconds}); leave maxAgeSeconds out for data that comes without one`,
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
    throw new QQRunDataError('APPID_MISMATCH', `${api}: the data was encrypted for another app: its watermark.appid is not appId`)
  if (maxAgeSeconds !== undefined) {
    const ms = now()
    if (typeof ms != 'number' || !Number.isFinite(ms)) throw invalid(api, 'now()', 'a finite Number of ms', ms, insteadOfRange)
    const age = ms / 1000 - timestamp
    if (age > maxAgeSeconds)
      throw new QQRunDataError(
        'EXPIRED',
        `${api}: the data is ${Math.floor(age)} s old (by watermark.timestamp), more than maxAgeSeconds (${maxAgeSeconds})`,
      )
  }
  return data as Record<string, unknown> & { watermark: Watermark }
}

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
 * or `maxAgeSeconds` asks for an age it cannot check. It throws a {@link QQRunDataError}:
 * `INVALID_INPUT`, `DECRYPT_FAILED`, `INVALID_PAYLOAD`, `APPID_MISMATCH` or `EXPIRED`. Its
 * message never contains the key, the iv, the data or the appid the data was made for.
 *
 * Only `watermark` is checked; describe the rest with `T` and check it yourself. Behind an HTTP
 * endpoint, answer every `QQRunDataError` with one generic response: this CBC has no MAC, and
 * distinct answers make a padding oracle.
 *
 * @example
 * import { decryptOpenData } from 'taro-qq-run-data/server'
 *
 * const { openGId } = decryptOpenData<{ openGId?: string }>({ encryptedData, iv, sessionKey, appId })
 */
export function decryptOpenData<T = unknown>(options: DecryptOptions): T & { watermark?: Watermark } {
  return openData('decryptOpenData', options) as T & { watermark?: Watermark }
}
