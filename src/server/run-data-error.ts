import type { RunDataPlatform } from '../shared/platforms'

/**
 * Why something in `taro-qq-run-data/server` failed, grouped by what the caller should do.
 *
 * | code | what to do |
 * | --- | --- |
 * | `INVALID_OPTION` | fix the call or the configuration (an unknown, missing or ill-typed option) |
 * | `INVALID_CREDENTIALS` | fix `appId` / `appSecret`: the platform refused them |
 * | `INVALID_INPUT` | reject the request: a value from the user is malformed |
 * | `LOGIN_REQUIRED` | ask the user to log in again: the code or the session is no longer valid |
 * | `USER_BLOCKED` | don't retry: the platform refuses this user |
 * | `RATE_LIMITED` | retry in a minute |
 * | `PLATFORM_UNAVAILABLE` | retry later: the platform is down, slow, or answered garbage |
 * | `STORE_UNAVAILABLE` | retry later: the session store failed or did not answer in time |
 * | `DECRYPT_FAILED` | reject the data: the key and iv don't open it (often a rotated `session_key`) |
 * | `INVALID_PAYLOAD` | reject the data: it decrypted to the wrong shape |
 * | `APPID_MISMATCH` | reject the data: it was made for another app (`dataAppId`) |
 * | `EXPIRED` | reject the data: its watermark is older than `maxAgeSeconds` |
 *
 * @example
 * const code: RunDataErrorCode = 'LOGIN_REQUIRED'
 */
export type RunDataErrorCode =
  | 'INVALID_OPTION'
  | 'INVALID_CREDENTIALS'
  | 'INVALID_INPUT'
  | 'LOGIN_REQUIRED'
  | 'USER_BLOCKED'
  | 'RATE_LIMITED'
  | 'PLATFORM_UNAVAILABLE'
  | 'STORE_UNAVAILABLE'
  | 'DECRYPT_FAILED'
  | 'INVALID_PAYLOAD'
  | 'APPID_MISMATCH'
  | 'EXPIRED'

/** What a {@link RunDataError} may carry besides its code and message. */
export interface RunDataErrorDetails {
  /** The platform concerned, where known. */
  platform?: RunDataPlatform
  /** The platform's own `errcode` (e.g. 40029), when jscode2session answered with one. */
  errcode?: number
  /** The HTTP status of the platform's answer, when it was not 2xx. */
  status?: number
  /** With `APPID_MISMATCH`: the appid the data was made for. */
  dataAppId?: string
  /** The field of the input or of the decrypted data at fault, where one is (e.g. `'watermark'`). */
  field?: string
}

/**
 * The one error `taro-qq-run-data/server` throws. `code` is stable and says what to do (see
 * {@link RunDataErrorCode}); `message` is for people. Neither, nor any other property, ever holds
 * the app secret, a login code, a session key, the iv, the encrypted or the decrypted data.
 *
 * Behind an HTTP endpoint, answer every "reject the data" code with one and the same response:
 * AES-CBC here has no MAC, so telling a padding error apart from the others would hand attackers a
 * padding oracle. {@link createRunDataHandler} does so.
 *
 * @example
 * try {
 *   decryptRunData({ encryptedData, iv, sessionKey, appId })
 * } catch (error) {
 *   if (!isRunDataError(error)) throw error
 *   console.warn(error.code, error.message)
 * }
 */
export class RunDataError extends Error {
  /** What the caller should do, as a stable constant. */
  readonly code: RunDataErrorCode
  declare readonly platform?: RunDataPlatform
  declare readonly errcode?: number
  declare readonly status?: number
  declare readonly dataAppId?: string
  declare readonly field?: string

  constructor(code: RunDataErrorCode, message: string, details: RunDataErrorDetails = {}) {
    super(message)
    this.code = code
    // Only the details that are there, so a logged error shows no `undefined` noise.
    for (const [key, value] of Object.entries(details)) if (value !== undefined) Object.assign(this, { [key]: value })
  }

  // On the prototype, like Error's own `name`: set before `super()` captures the stack, and not an
  // own property cluttering every logged error. An explicit string survives minifiers that rename
  // classes, which matters because the guard compares `name`.
  static {
    this.prototype.name = 'RunDataError'
  }
}

const CODES: ReadonlySet<string> = new Set<RunDataErrorCode>([
  'INVALID_OPTION',
  'INVALID_CREDENTIALS',
  'INVALID_INPUT',
  'LOGIN_REQUIRED',
  'USER_BLOCKED',
  'RATE_LIMITED',
  'PLATFORM_UNAVAILABLE',
  'STORE_UNAVAILABLE',
  'DECRYPT_FAILED',
  'INVALID_PAYLOAD',
  'APPID_MISMATCH',
  'EXPIRED',
])

/**
 * True for a {@link RunDataError}, even one from another realm or from a second copy of this
 * package (its ESM and CJS builds loaded side by side): it compares `name` and `code`, not
 * `instanceof`.
 *
 * @example
 * if (isRunDataError(error) && error.code === 'LOGIN_REQUIRED') askTheUserToLogInAgain()
 */
export function isRunDataError(error: unknown): error is RunDataError {
  return (
    typeof error == 'object' &&
    error !== null &&
    (error as Error).name === 'RunDataError' &&
    CODES.has((error as RunDataError).code)
  )
}
