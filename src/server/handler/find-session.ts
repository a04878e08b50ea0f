import { exchangeCode, type Code2SessionResult } from '../exchange-code'
import type { Settings } from './options'
import type { RunDataRequest } from './read-request'

/** The user whose data a request carries, and the key that opens it. */
export type UserSession = Code2SessionResult

/**
 * Finds the `session_key` of the user a checked request comes from: today, by exchanging its
 * login code with the platform. The one step a second source of keys replaces.
 */
export function findSession({ timeout }: Settings, { platform, app, code }: RunDataRequest): Promise<UserSession> {
  const { appId, appSecret, endpoint } = app
  return exchangeCode({ platform, appId, appSecret, code, timeout, ...(endpoint !== undefined && { endpoint }) })
}
