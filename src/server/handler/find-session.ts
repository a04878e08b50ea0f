import { exchangeCode, type Code2SessionResult } from '../exchange-code'
import { RunDataError } from '../run-data-error'
import { endSession, readSession, startSession, withinTime } from '../sessions'
import type { SessionStore } from '../session-store'
import { API, type Settings } from './options'
import type { RunDataRequest } from './read-request'

/** The user whose data a request carries, and the key that opens it. */
export type UserSession = Code2SessionResult

const logInAgain = (why: string) => new RunDataError('LOGIN_REQUIRED', `${API}: ${why}; the app should log in again`)

/**
 * Finds the `session_key` of the user a checked request comes from: from the stored session the
 * request names, or by exchanging its login code with the platform. The one step that knows
 * where keys come from.
 */
export async function findSession({ timeout, sessions }: Settings, request: RunDataRequest): Promise<UserSession> {
  const { platform } = request
  if (request.kind == 'session') {
    const record = await withinTime(readSession(sessions!, request.session), timeout)
    if (!record) throw logInAgain('no such session: it expired, was ended, or never existed')
    if (record.platform != platform) throw logInAgain(`the session was started on ${record.platform}, not ${platform}`)
    const { openid, unionid, sessionKey } = record
    return { openid, sessionKey, ...(unionid !== undefined && { unionid }) }
  }
  const { appId, appSecret, endpoint } = request.app
  return exchangeCode({ platform, appId, appSecret, code: request.code, timeout, ...(endpoint !== undefined && { endpoint }) })
}

/** Starts a session for `user`, as a login request asks; resolves with its token. */
export function keepSession({ timeout, sessions, sessionTtlSeconds }: Settings, platform: RunDataRequest['platform'], user: UserSession): Promise<string> {
  return withinTime(startSession(sessions!, { platform, ...user }, sessionTtlSeconds), timeout)
}

/** Ends the session `token` names, within the handler's timeout. */
export function dropSession(store: SessionStore, token: string, timeout: number): Promise<void> {
  return withinTime(endSession(store, token), timeout)
}
