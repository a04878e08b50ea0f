// The sessions the endpoint keeps in a SessionStore: a random token goes to the app, and the store
// keeps the user's session_key under the token's SHA-256. Someone who reads the store (a backup,
// a shared Redis) finds no token to present, and someone who guesses at tokens finds nothing.
import { createHash, randomBytes } from 'node:crypto'
import { base64Problem } from '../shared/base64'
import type { RunDataPlatform } from '../shared/platforms'
import { is16Bytes, isFilled, isObject } from '../shared/validation'
import { isRunDataError, RunDataError } from './run-data-error'
import type { SessionStore } from './session-store'

/**
 * What a session remembers of the login that started it.
 *
 * @example
 * const record: SessionRecord = { platform: 'qq', openid: 'o1', sessionKey: 'tiihtNczf5v6AKRyjwEUhQ==' }
 */
export interface SessionRecord {
  platform: RunDataPlatform
  openid: string
  unionid?: string
  /** The user's `session_key`, base64 of 16 bytes. */
  sessionKey: string
}

/** How long a session lasts when the handler is not told otherwise: 7 days. */
export const DEFAULT_SESSION_TTL_SECONDS = 7 * 24 * 60 * 60

const PLATFORMS: readonly unknown[] = ['qq', 'weapp'] satisfies RunDataPlatform[]
// 32 random bytes in base64url, unpadded: 43 characters of A-Z a-z 0-9 - _.
const TOKEN = /^[A-Za-z0-9_-]{43}$/
// A record is under 300 characters; anything much longer in the store is not one of ours.
const VALUE_LIMIT = 4096

const storedKey = (token: string): string => createHash('sha256').update(token).digest('base64url')

/**
 * The error of a store that failed: `STORE_UNAVAILABLE`, naming only the type of the store's
 * error. Its message, and anything attached to it (ioredis attaches the command with its
 * arguments), may hold the key or the session key, so neither is kept.
 */
function storeUnavailable(error: unknown): RunDataError {
  if (isRunDataError(error)) return error
  const name = (error as { name?: unknown } | null)?.name
  const type = typeof name == 'string' && /^[A-Za-z][\w.-]{0,63}$/.test(name) ? ` (${name})` : ''
  return new RunDataError('STORE_UNAVAILABLE', `the session store failed${type}; retry later`)
}

async function fromStore<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw storeUnavailable(error)
  }
}

/** The record stored as `value`, or `undefined` for anything that is not one. */
function recordOf(value: string): SessionRecord | undefined {
  if (value.length > VALUE_LIMIT) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    return undefined
  }
  if (!isObject(parsed)) return undefined
  const { platform, openid, unionid, sessionKey } = parsed
  if (!PLATFORMS.includes(platform) || !isFilled(openid) || (unionid !== undefined && !isFilled(unionid))) return undefined
  if (base64Problem('sessionKey', sessionKey, is16Bytes, '16 bytes')) return undefined
  return { platform: platform as RunDataPlatform, openid, ...(unionid !== undefined && { unionid }), sessionKey: sessionKey as string }
}

/**
 * Starts a session for `record`: stores it for `ttlSeconds` under the SHA-256 of a new token,
 * and resolves with the token, 32 random bytes in base64url (43 characters). A store that fails
 * rejects with `STORE_UNAVAILABLE`.
 */
export async function startSession(store: SessionStore, record: SessionRecord, ttlSeconds: number): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  const { platform, openid, unionid, sessionKey } = record
  const value = JSON.stringify({ platform, openid, ...(unionid !== undefined && { unionid }), sessionKey })
  await fromStore(() => store.set(storedKey(token), value, ttlSeconds))
  return token
}

/**
 * The record of the session `token` names, or `undefined` when there is none: a token not shaped
 * like ours (the store is not asked), an unknown or expired one, or a stored value that is not a
 * record. A store that fails rejects with `STORE_UNAVAILABLE`.
 */
export async function readSession(store: SessionStore, token: unknown): Promise<SessionRecord | undefined> {
  if (typeof token != 'string' || !TOKEN.test(token)) return undefined
  const value = await fromStore(() => store.get(storedKey(token)))
  return typeof value == 'string' ? recordOf(value) : undefined
}

/** Ends the session `token` names, if there is one. A store that fails rejects with `STORE_UNAVAILABLE`. */
export async function endSession(store: SessionStore, token: unknown): Promise<void> {
  if (typeof token != 'string' || !TOKEN.test(token)) return
  await fromStore(() => store.delete(storedKey(token)))
}

/**
 * `promise`, or a rejection with `STORE_UNAVAILABLE` when it has not settled within `ms`: a store
 * whose server is down may otherwise wait for it indefinitely.
 */
export function withinTime<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RunDataError('STORE_UNAVAILABLE', `the session store did not answer within ${ms} ms; retry later`)), ms)
  })
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}
