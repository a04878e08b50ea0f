import type { RunData } from '../shared/run-data'
import { stepInfoListProblem } from '../shared/step-info'
import { checkDecryptOptions, openData, type DecryptOptions } from './decrypt-open-data'
import { RunDataError } from './run-data-error'

const API = 'decryptRunData'

/**
 * The decrypted `data` as run data, once its `stepInfoList` is checked: the one check of the
 * steps, made as they enter. Only the shape of each entry: no count of days, and no time of day,
 * is assumed.
 */
export function asRunData(api: string, data: Record<string, unknown>): RunData {
  const problem = stepInfoListProblem(data.stepInfoList, 'stepInfoList')
  if (problem) throw new RunDataError('INVALID_PAYLOAD', `${api}: the decrypted data's ${problem}`, { field: 'stepInfoList' })
  return data as unknown as RunData
}

/**
 * Decrypts and verifies the `{ encryptedData, iv }` that `getRunData`, `getQQRunData` or
 * `getWeRunData` gave the mini-program, with the user's session key from {@link code2Session}:
 * one algorithm for QQ and WeChat. Everything {@link decryptOpenData} checks, plus the run
 * data's shape: `stepInfoList` is an array whose entries have an integer `timestamp` (seconds)
 * and an integer `step`, both >= 0. It assumes neither the number of entries (QQ documents 30
 * days, WeChat sends 31) nor that a timestamp is midnight.
 *
 * The watermark is checked when present and never assumed: without one the data is accepted,
 * unless `requireWatermark` is set or `maxAgeSeconds` asks for an age it cannot check.
 *
 * It throws a {@link RunDataError} with a `code`:
 * - `INVALID_OPTION`: an option is unknown, or `appId`, `maxAgeSeconds`, `requireWatermark` or
 *   `now` is malformed.
 * - `INVALID_INPUT`: `encryptedData`, `iv` or `sessionKey` is malformed (bad base64, a `+` turned
 *   into a space by URL-decoding, a key or iv that is not 16 bytes, …).
 * - `DECRYPT_FAILED`: the key and iv don't open the data; the session key is probably stale.
 * - `INVALID_PAYLOAD`: it decrypted to something that is not run data, or has no watermark when
 *   one is needed (`field` says which part).
 * - `APPID_MISMATCH`: the data was made for another app (`dataAppId` says which).
 * - `EXPIRED`: older than `maxAgeSeconds`.
 *
 * Behind an HTTP endpoint, answer the last four with one and the same response and log the `code`
 * on the server only: this AES-CBC has no MAC, and distinct answers make a padding oracle.
 *
 * @example
 * import { decryptRunData, toDailySteps } from 'taro-qq-run-data/server'
 *
 * const data = decryptRunData({ encryptedData, iv, sessionKey, appId: 'wx4f4bc4dec97d474b' })
 * const days = toDailySteps(data.stepInfoList) // [{ date: '2024-06-01', steps: 8532, timestamp: 1717171200 }, …]
 */
export function decryptRunData(options: DecryptOptions): RunData {
  checkDecryptOptions(API, options)
  return asRunData(API, openData(API, options))
}
