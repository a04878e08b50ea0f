import { createCipheriv, randomBytes } from 'node:crypto'
import { base64Problem } from '../shared/base64'
import { is16Bytes, isObject, shouldBe } from '../shared/validation'
import { misuse } from './misuse'

/**
 * The options of {@link encryptOpenData}.
 *
 * @example
 * const options: EncryptOpenDataOptions = { sessionKey: 'HyVFkGl5F5OQWJZZaNzBBg==' }
 */
export interface EncryptOpenDataOptions {
  /** The user's `session_key`: standard base64 of 16 bytes. */
  sessionKey: string
  /**
   * The iv: standard base64 of 16 bytes.
   *
   * @default 16 random bytes, new for every call, as QQ does
   */
  iv?: string
}

const API = 'encryptOpenData'

/**
 * Encrypts `payload` the way QQ encrypts open data (AES-128-CBC, PKCS#7, base64): the inverse of
 * `decryptOpenData`. For tests and fixtures; Node only.
 *
 * Throws a `TypeError`, like every misuse of the testing kit, when the payload is not a JSON
 * object or a key or iv is not base64 of 16 bytes.
 *
 * @example
 * import { encryptOpenData } from 'taro-qq-run-data/testing'
 *
 * const { encryptedData, iv } = encryptOpenData(
 *   { stepInfoList: [{ timestamp: 1717171200, step: 8532 }], watermark: { appid: '1109876543', timestamp: 1717236000 } },
 *   { sessionKey },
 * )
 */
export function encryptOpenData(payload: object, options: EncryptOpenDataOptions): { encryptedData: string; iv: string } {
  if (!isObject(payload)) misuse(API, shouldBe('payload', 'Object', payload))
  if (!isObject(options)) misuse(API, shouldBe('options', 'Object', options))
  const { sessionKey, iv = randomBytes(16).toString('base64') } = options
  misuse(API, base64Problem('options.sessionKey', sessionKey, is16Bytes, 'base64 of 16 bytes'))
  misuse(API, base64Problem('options.iv', iv, is16Bytes, 'base64 of 16 bytes'))
  let json: string
  try {
    json = JSON.stringify(payload)
  } catch (error) {
    misuse(API, `payload cannot be written as JSON: ${(error as Error).message}`)
  }
  const cipher = createCipheriv('aes-128-cbc', Buffer.from(sessionKey, 'base64'), Buffer.from(iv, 'base64'))
  const encryptedData = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]).toString('base64')
  return { encryptedData, iv }
}
