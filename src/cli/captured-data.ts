import { escapeControl } from './escape'
import { CliError } from './cli-error'

/**
 * What was captured from a mini-program: the `encryptedData`, and its `iv` when the capture
 * had one.
 *
 * @example
 * const captured: CapturedData = { encryptedData: 'qBr…==', iv: 'r7B…==' }
 */
export interface CapturedData {
  encryptedData: string
  iv?: string
}

/** What the data should be, as the messages that refuse it say. */
export const SHAPE = 'the base64 encryptedData, or JSON such as { "encryptedData": "…", "iv": "…" }'

// Line breaks come from wrapped pastes and never belong to base64; spaces are left alone,
// because a space is usually a '+' that URL-decoding ate, and the advice should say so.
const unwrap = (base64: string) => base64.replace(/[\r\n]+/g, '')

/**
 * Reads captured data as people paste it: the bare base64 `encryptedData`, the same in JSON
 * quotes, or a JSON object with `encryptedData` and optionally `iv` (such as `getQQRunData`'s
 * whole result, or the body the mini-program posted). Whitespace around it is trimmed. Anything
 * else throws a {@link CliError}.
 *
 * @example
 * parseCapturedData('{ "errMsg": "getQQRunData:ok", "encryptedData": "qBr…==", "iv": "r7B…==" }\n')
 * // { encryptedData: 'qBr…==', iv: 'r7B…==' }
 */
export function parseCapturedData(text: string): CapturedData {
  const trimmed = text.trim()
  if (!trimmed) throw new CliError(`the data is empty; it should be ${SHAPE}`)
  if (!/^["{]/.test(trimmed)) return { encryptedData: unwrap(trimmed) }
  let json: unknown
  try {
    json = JSON.parse(trimmed)
  } catch (error) {
    throw new CliError(`the data starts like JSON but is not JSON (${escapeControl((error as Error).message)}); it should be ${SHAPE}`)
  }
  if (typeof json == 'string') return { encryptedData: unwrap(json.trim()) }
  // It began with '{' and parsed: an object.
  const { encryptedData, iv } = json as Record<string, unknown>
  if (typeof encryptedData != 'string') throw new CliError(`the JSON has no "encryptedData" string; it should be ${SHAPE}`)
  if (iv !== undefined && typeof iv != 'string') throw new CliError('the JSON has an "iv" that is not a string')
  return iv === undefined ? { encryptedData: unwrap(encryptedData) } : { encryptedData: unwrap(encryptedData), iv }
}
