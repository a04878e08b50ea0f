import type { RunDataErrorCode } from '../run-data-error'
import { isRunDataError } from '../run-data-error'

/** An answer, before it becomes a `Response` or is written to a `ServerResponse`. */
export interface Reply {
  status: number
  headers: Record<string, string>
  body: string
}

export const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }

const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({
  status,
  headers: headers ? { ...JSON_HEADERS, ...headers } : JSON_HEADERS,
  body: JSON.stringify(body),
})

const tryAgain = (seconds: number) => json(503, { error: 'try again later' }, { 'retry-after': String(seconds) })

// Built once: every failure of a kind is answered with the very same bytes, which carry no detail.
export const METHOD_NOT_ALLOWED: Reply = { status: 405, headers: { allow: 'POST' }, body: '' }
export const UNSUPPORTED_TYPE: Reply = { status: 415, headers: {}, body: '' }
// The rest of the body is not wanted, so the connection can't carry another request.
export const TOO_LARGE: Reply = { status: 413, headers: { connection: 'close' }, body: '' }
export const REQUEST_TIMEOUT = json(408, { error: 'request timeout' }, { connection: 'close' })
export const BAD_REQUEST = json(400, { error: 'bad request' })
export const INTERNAL_ERROR = json(500, { error: 'internal error' })
/** The one answer to every failure of a stored session: `syncRunData` then logs in once more. */
export const RELOGIN = json(401, { error: 'log in again', relogin: true })
// One answer for every failure of the data: distinct answers would make a padding oracle.
const INVALID_RUN_DATA = json(400, { error: 'invalid run data' })

/** The answer to each error code that reaches a client. */
const BY_CODE: Record<RunDataErrorCode, Reply> = {
  INVALID_OPTION: INTERNAL_ERROR,
  INVALID_CREDENTIALS: INTERNAL_ERROR,
  INVALID_INPUT: BAD_REQUEST,
  LOGIN_REQUIRED: json(401, { error: 'log in again' }),
  // Not a 503: a client that obeys Retry-After would retry a refusal that never ends.
  USER_BLOCKED: json(403, { error: 'forbidden' }),
  RATE_LIMITED: tryAgain(60),
  PLATFORM_UNAVAILABLE: tryAgain(1),
  STORE_UNAVAILABLE: tryAgain(1),
  DECRYPT_FAILED: INVALID_RUN_DATA,
  INVALID_PAYLOAD: INVALID_RUN_DATA,
  APPID_MISMATCH: INVALID_RUN_DATA,
  EXPIRED: INVALID_RUN_DATA,
}

/** The answer to `error`: by its code, and 500 for anything that is not a {@link RunDataError}. */
export const replyTo = (error: unknown): Reply => (isRunDataError(error) ? BY_CODE[error.code] : INTERNAL_ERROR)

/** A 200 answer with `body` as JSON, or `undefined` when `body` is not JSON. */
export function ok(body: unknown): Reply | undefined {
  const text = JSON.stringify(body)
  return text === undefined ? undefined : { status: 200, headers: JSON_HEADERS, body: text }
}
