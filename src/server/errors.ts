/**
 * Why {@link decryptOpenData}, {@link decryptQQRunData}, {@link toDailySteps} or
 * {@link summarizeSteps} failed.
 *
 * - `INVALID_INPUT`: an argument is missing, of the wrong type or malformed (bad base64, a
 *   session key or iv that is not 16 bytes, an unknown time zone, …). Nothing was decrypted.
 * - `DECRYPT_FAILED`: the session key and iv don't open the data: a padding error, or a
 *   plaintext that is not JSON. Usually a stale `session_key` (the user logged in again).
 * - `INVALID_PAYLOAD`: it decrypted to JSON of the wrong shape (no watermark, a bad step entry).
 * - `APPID_MISMATCH`: `watermark.appid` is not your `appId`: the data was made for another app.
 * - `EXPIRED`: `watermark.timestamp` is older than `maxAgeSeconds`.
 *
 * @example
 * const code: QQRunDataErrorCode = 'APPID_MISMATCH'
 */
export type QQRunDataErrorCode = 'INVALID_INPUT' | 'DECRYPT_FAILED' | 'INVALID_PAYLOAD' | 'APPID_MISMATCH' | 'EXPIRED'

/**
 * Why {@link code2Session} failed without an answer from QQ's API.
 *
 * - `INVALID_INPUT`: an option is missing, empty or of the wrong type. Nothing was sent.
 * - `NETWORK_ERROR`: the request failed (DNS, refused or closed connection, TLS, …).
 * - `TIMEOUT`: no complete answer within `timeout`.
 * - `HTTP_ERROR`: the answer's status is not 2xx (see `status`).
 * - `INVALID_RESPONSE`: the body is not a JSON object, or lacks `openid` / `session_key`.
 *
 * @example
 * const code: QQRequestErrorCode = 'TIMEOUT'
 */
export type QQRequestErrorCode = 'INVALID_INPUT' | 'NETWORK_ERROR' | 'TIMEOUT' | 'HTTP_ERROR' | 'INVALID_RESPONSE'

/**
 * Every `code` a {@link QQServerError} can have. `API_ERROR` belongs to {@link QQApiError}.
 *
 * @example
 * const code: QQServerErrorCode = 'API_ERROR'
 */
export type QQServerErrorCode = QQRunDataErrorCode | QQRequestErrorCode | 'API_ERROR'

/**
 * The base class of every error `taro-qq-run-data/server` throws. `code` is stable and meant
 * for programs; `message` is for people and never contains the app secret, the session key,
 * the iv, the encrypted data or the decrypted data.
 *
 * @example
 * try {
 *   decryptQQRunData({ encryptedData, iv, sessionKey, appId })
 * } catch (error) {
 *   if (isQQServerError(error)) console.warn(error.code, error.message)
 * }
 */
export class QQServerError extends Error {
  /** What went wrong, as a stable constant. */
  readonly code: QQServerErrorCode

  constructor(code: QQServerErrorCode, message: string) {
    super(message)
    this.code = code
  }

  // On the prototype, like Error's own `name`: set before `super()` captures the stack, and not
  // an own property cluttering every logged error. Explicit strings survive minifiers that rename
  // classes, which matters because the guards compare `name`.
  static {
    this.prototype.name = 'QQServerError'
  }
}

/**
 * What {@link decryptOpenData}, {@link decryptQQRunData}, {@link toDailySteps} and
 * {@link summarizeSteps} throw, with a {@link QQRunDataErrorCode}.
 *
 * Behind an HTTP endpoint, answer every `QQRunDataError` with one and the same response and log
 * the `code` on the server only: AES-CBC here has no MAC, so telling a padding error apart from
 * other failures would hand attackers a padding oracle.
 *
 * @example
 * try {
 *   decryptQQRunData({ encryptedData, iv, sessionKey, appId })
 * } catch (error) {
 *   if (!isQQRunDataError(error)) throw error
 *   log.warn(error.code, error.message)
 *   res.status(400).json({ error: 'invalid run data' })
 * }
 */
export class QQRunDataError extends QQServerError {
  declare readonly code: QQRunDataErrorCode

  constructor(code: QQRunDataErrorCode, message: string) {
    super(code, message)
  }

  static {
    this.prototype.name = 'QQRunDataError'
  }
}

/** The `INVALID_INPUT` {@link QQRunDataError} of `api`, saying what `problem` is. */
export const invalidInput = (api: string, problem: string): QQRunDataError =>
  new QQRunDataError('INVALID_INPUT', `${api}: ${problem}`)

/**
 * What {@link code2Session} throws when the platform's API answered with a non-zero `errcode`.
 * `code` is always `'API_ERROR'`; `errcode` and `errmsg` are the platform's (-1: busy, retry;
 * 40029: the login code is invalid or expired; 40163: already used; 40226: high-risk user;
 * 45011: rate limited), and `platform` says which one answered.
 *
 * @example
 * try {
 *   await code2Session({ appId, appSecret, code })
 * } catch (error) {
 *   if (isQQApiError(error) && (error.errcode === 40029 || error.errcode === 40163)) res.status(401).json({ error: 'log in again' })
 *   else throw error
 * }
 */
export class QQApiError extends QQServerError {
  declare readonly code: 'API_ERROR'
  /** The platform's `errcode`, e.g. 40029. */
  readonly errcode: number
  /** The platform's `errmsg`, e.g. `'invalid code'`. */
  readonly errmsg: string
  /** Which platform answered: `'qq'` or `'weapp'` (WeChat). */
  readonly platform: 'qq' | 'weapp'

  constructor(errcode: number, errmsg: string, message: string, platform: 'qq' | 'weapp' = 'qq') {
    super('API_ERROR', message)
    this.errcode = errcode
    this.errmsg = errmsg
    this.platform = platform
  }

  static {
    this.prototype.name = 'QQApiError'
  }
}

/**
 * What {@link code2Session} throws when it got no usable answer from the platform's API: bad options, a
 * network error, a timeout, a non-2xx status or a body that is not the expected JSON.
 *
 * @example
 * try {
 *   await code2Session({ appId, appSecret, code })
 * } catch (error) {
 *   if (isQQRequestError(error) && error.code !== 'INVALID_INPUT') res.status(503).end()
 *   else throw error
 * }
 */
export class QQRequestError extends QQServerError {
  declare readonly code: QQRequestErrorCode
  /** The HTTP status, set when `code` is `'HTTP_ERROR'` or `'INVALID_RESPONSE'`. */
  declare readonly status?: number

  constructor(code: QQRequestErrorCode, message: string, status?: number) {
    super(code, message)
    if (status !== undefined) this.status = status
  }

  static {
    this.prototype.name = 'QQRequestError'
  }
}

const NAMES = ['QQServerError', 'QQRunDataError', 'QQApiError', 'QQRequestError']

// By `name` and `code` rather than `instanceof`, so errors from another realm or from a second
// copy of this package (its ESM and CJS builds loaded side by side) are recognised too.
const named = (error: unknown, name?: string) =>
  typeof error == 'object' &&
  error !== null &&
  typeof (error as QQServerError).code == 'string' &&
  (name ? (error as Error).name === name : NAMES.includes((error as Error).name))

/**
 * True for every error `taro-qq-run-data/server` throws, even one from another realm or another
 * copy of the package.
 *
 * @example
 * if (isQQServerError(error)) log.warn(error.code, error.message)
 */
export function isQQServerError(error: unknown): error is QQServerError {
  return named(error)
}

/**
 * True for a {@link QQRunDataError}, even one from another realm or another copy of the package.
 *
 * @example
 * if (isQQRunDataError(error) && error.code === 'DECRYPT_FAILED') askTheUserToLogInAgain()
 */
export function isQQRunDataError(error: unknown): error is QQRunDataError {
  return named(error, 'QQRunDataError')
}

/**
 * True for a {@link QQApiError}, even one from another realm or another copy of the package.
 *
 * @example
 * if (isQQApiError(error) && error.errcode === -1) retryLater()
 */
export function isQQApiError(error: unknown): error is QQApiError {
  return named(error, 'QQApiError')
}

/**
 * True for a {@link QQRequestError}, even one from another realm or another copy of the package.
 *
 * @example
 * if (isQQRequestError(error) && error.code === 'TIMEOUT') retryLater()
 */
export function isQQRequestError(error: unknown): error is QQRequestError {
  return named(error, 'QQRequestError')
}
