import type { QQRunData } from '../shared/run-data'
import { openData, type DecryptOptions } from './decrypt-open-data'
import { QQRunDataError } from './errors'
import { stepInfoListProblem } from '../shared/step-info'

const API = 'decryptQQRunData'

/**
 * Decrypts and verifies the `{ encryptedData, iv }` that `getQQRunData` gave the mini-program,
 * with the user's session key from {@link code2Session}. Everything {@link decryptOpenData}
 * checks, plus the run data's shape: `stepInfoList` is an array whose entries have an integer
 * `timestamp` (seconds) and an integer `step`, both >= 0.
 *
 * It throws a {@link QQRunDataError} with a `code`:
 * - `INVALID_INPUT`: an option is missing or malformed (bad base64, a `+` turned into a space by
 *   URL-decoding, a key or iv that is not 16 bytes, …).
 * - `DECRYPT_FAILED`: the key and iv don't open the data; the session key is probably stale.
 * - `INVALID_PAYLOAD`: it decrypted to something that is not QQ run data.
 * - `APPID_MISMATCH`: the data was made for another app.
 * - `EXPIRED`: older than `maxAgeSeconds`.
 *
 * Behind an HTTP endpoint, answer every `QQRunDataError` with one and the same response and log
 * the `code` on the server only: this AES-CBC has no MAC, and distinct answers make a padding
 * oracle.
 *
 * @example
 * import { decryptQQRunData, toDailySteps } from 'taro-qq-run-data/server'
 *
 * const data = decryptQQRunData({ encryptedData, iv, sessionKey, appId: '1109876543', maxAgeSeconds: 300 })
 * const days = toDailySteps(data.stepInfoList) // [{ date: '2024-06-01', steps: 8532, timestamp: 1717171200 }, …]
 */
export function decryptQQRunData(options: DecryptOptions): QQRunData {
  const data = openData(API, options)
  const problem = stepInfoListProblem(data.stepInfoList, 'stepInfoList')
  if (problem) throw new QQRunDataError('INVALID_PAYLOAD', `${API}: the decrypted data's ${problem}`)
  return data as unknown as QQRunData
}
