import type { RunDataError, RunDataErrorCode } from 'taro-qq-run-data/server'
import { base64Accident } from '../shared/base64'

// The codes decryptRunData, toDailySteps and summarizeSteps throw; the command checks its
// arguments first, so an INVALID_OPTION can only be an argument the checks let through.
type DecryptCode = Extract<RunDataErrorCode, 'INVALID_OPTION' | 'INVALID_INPUT' | 'DECRYPT_FAILED' | 'INVALID_PAYLOAD' | 'APPID_MISMATCH' | 'EXPIRED'>

const ADVICE: Record<DecryptCode, string> = {
  INVALID_OPTION: 'An argument is malformed; the message names it. See qq-run-data help decrypt.',
  INVALID_INPUT:
    "A value is malformed; the message names it. --session-key and --iv are base64 of 16 bytes (24 characters ending in '=='), " +
    'the data is the base64 encryptedData exactly as getQQRunData or getWeRunData gave it, --time-zone an IANA name such as Asia/Shanghai.',
  DECRYPT_FAILED:
    'The session key does not open this data. Every qq.login or wx.login gives the user a new session_key, and the data opens ' +
    'only with the key of the login just before the data was fetched: use the session_key that code2Session returned for the ' +
    'code sent with this data, not one from an earlier or a later login. Check too that --iv was captured together with this encryptedData.',
  INVALID_PAYLOAD:
    "It decrypted, but not to run data: this is probably another API's encrypted data (getUserInfo, a share ticket, …) " +
    'made with the same session key. Capture the encryptedData that getQQRunData or getWeRunData gave.',
  APPID_MISMATCH:
    'The data was made for another mini-program than --app-id. Pass the appid of the mini-program that fetched it ' +
    "(the appid in its project.config.json), and check that your server calls code2Session with that app's AppSecret.",
  EXPIRED:
    'The data is older than --max-age allows; the platform stamps it when the data is fetched. Capture fresh data, or raise ' +
    '--max-age (without it, any age is accepted).',
}

const NO_WATERMARK =
  'The data has no watermark (QQ documents run data without one), so its age cannot be checked: leave --max-age out to ' +
  'decrypt it.'

const PLUS_AS_SPACE =
  "A '+' became a space on its way to you: the value went through URL-decoding (a query string, or a form-encoded " +
  "body). Put the '+' signs back to decrypt this capture (e.g. tr ' ' '+'), and have the mini-program send the data " +
  'to your server in a JSON body.'

const BASE64URL =
  "A value is base64url ('-' and '_'), but the platforms send standard base64 ('+' and '/'): something on the way re-encoded it. " +
  "Convert it back (tr '_-' '/+') and pad it with '=' to a multiple of 4 characters."

/**
 * What to do about a `RunDataError` from decrypting, for a person at a terminal, chosen by its
 * `code` and `field`. `values` are the base64 inputs (session key, iv, encryptedData): an
 * `INVALID_INPUT` that one of the two usual transport accidents explains, a `+` turned into a
 * space or base64url, gets advice of its own, and so does an `INVALID_PAYLOAD` for a missing
 * watermark, which `--max-age` needs.
 *
 * @example
 * adviceFor({ code: 'DECRYPT_FAILED' }, [sessionKey, iv, encryptedData]) // 'The session key does not open this data. …'
 */
export function adviceFor({ code, field }: Pick<RunDataError, 'code' | 'field'>, values: readonly string[]): string {
  if (code == 'INVALID_INPUT') {
    const accidents = values.map(base64Accident)
    if (accidents.includes('space')) return PLUS_AS_SPACE
    if (accidents.includes('base64url')) return BASE64URL
  }
  if (code == 'INVALID_PAYLOAD' && field == 'watermark') return NO_WATERMARK
  return ADVICE[code as DecryptCode] ?? `See the ${code} row of the error table in the server docs.`
}
