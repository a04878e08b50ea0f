import { MAX_TIMEOUT } from '../../shared/limits'
import type { RunDataPlatform } from '../../shared/platforms'
import type { Calendar } from '../../shared/time-zone'
import { insteadOfRange, isAge, isCount, isFilled, isObject, isTimeout, shouldBe } from '../../shared/validation'
import { endpointProblem } from '../code-to-session'
import { checkedCalendar } from '../daily-steps'
import { invalidOption, refuseUnknownOptions } from '../option-checks'
import { isRunDataError } from '../run-data-error'
import { MAX_TTL_SECONDS, type SessionStore } from '../session-store'
import { DEFAULT_SESSION_TTL_SECONDS } from '../sessions'
import type { RunDataContext, RunDataHandlerOptions, RunDataStage } from './types'

export const API = 'createRunDataHandler'
const PLATFORMS: readonly RunDataPlatform[] = ['qq', 'weapp']
const KNOWN = [
  'qq',
  'weapp',
  'timeZone',
  'maxAgeSeconds',
  'maxBodyBytes',
  'timeout',
  'bodyTimeout',
  'endpoints',
  'sessions',
  'sessionTtlSeconds',
  'onRunData',
  'onError',
]
const APP_KNOWN = ['appId', 'appSecret', 'maxAgeSeconds']
const STORE_METHODS = ['get', 'set', 'delete'] as const

/** One configured platform, as the pipeline uses it. */
export interface App {
  appId: string
  appSecret: string
  endpoint?: string
  maxAgeSeconds?: number
}

/** The handler's options, checked once at creation and copied, with their defaults. */
export interface Settings {
  apps: ReadonlyMap<RunDataPlatform, App>
  /** The platform a body without `platform` is for: the only one configured. */
  only?: RunDataPlatform
  calendar: Calendar
  maxBodyBytes: number
  timeout: number
  bodyTimeout: number
  /** Where sessions are kept, when the app logs in once; `undefined`: every request brings a code. */
  sessions?: SessionStore
  sessionTtlSeconds: number
  onRunData?: (run: RunDataContext) => unknown
  onError: (error: unknown, context: { platform?: RunDataPlatform; stage: RunDataStage }) => void
}

const invalid = (problem: string) => invalidOption(API, problem)

/** Logs the code and the message: neither holds a secret, a session key or the data. */
const warn: Settings['onError'] = (error, { platform, stage }) => {
  const what = isRunDataError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error)
  console.warn(`${API}: ${stage}${platform ? ` (${platform})` : ''}: ${what}`)
}

function checkAge(name: string, maxAgeSeconds: unknown): void {
  if (maxAgeSeconds !== undefined && !isAge(maxAgeSeconds)) throw invalid(shouldBe(name, 'a finite Number >= 0', maxAgeSeconds, insteadOfRange))
}

function checkTimeout(name: string, timeout: unknown): void {
  if (timeout !== undefined && !isTimeout(timeout))
    throw invalid(shouldBe(name, `a Number of ms above 0 and at most ${MAX_TIMEOUT}`, timeout, insteadOfRange))
}

/** The platform `name`'s credentials, checked, or `undefined` when it is not configured. */
function appOf(name: RunDataPlatform, credentials: unknown, endpoint: unknown, maxAgeSeconds: number | undefined): App | undefined {
  if (credentials === undefined) return undefined
  if (!isObject(credentials)) throw invalid(shouldBe(`options.${name}`, 'an Object { appId, appSecret }', credentials))
  refuseUnknownOptions(API, credentials, APP_KNOWN, `${name}.`)
  const { appId, appSecret, maxAgeSeconds: own } = credentials
  if (!isFilled(appId)) throw invalid(shouldBe(`options.${name}.appId`, 'a non-empty String', appId))
  if (!isFilled(appSecret)) throw invalid(shouldBe(`options.${name}.appSecret`, 'a non-empty String', appSecret))
  checkAge(`options.${name}.maxAgeSeconds`, own)
  const maxAge = (own as number | undefined) ?? maxAgeSeconds
  return { appId, appSecret, ...(endpoint !== undefined && { endpoint: endpoint as string }), ...(maxAge !== undefined && { maxAgeSeconds: maxAge }) }
}

/**
 * Checks every option of {@link createRunDataHandler} once, at creation, and copies them: a later
 * change to the caller's objects doesn't change a running server, and a misconfigured one
 * doesn't start.
 */
export function checkHandlerOptions(options: RunDataHandlerOptions): Settings {
  if (!isObject(options as unknown)) throw invalid(shouldBe('options', 'Object', options))
  refuseUnknownOptions(API, options, KNOWN)
  const {
    timeZone = 'Asia/Shanghai',
    maxAgeSeconds,
    maxBodyBytes = 64 * 1024,
    timeout = 10000,
    bodyTimeout = 10000,
    endpoints = {},
    sessions,
    sessionTtlSeconds = DEFAULT_SESSION_TTL_SECONDS,
    onRunData,
    onError = warn,
  } = options
  checkAge('options.maxAgeSeconds', maxAgeSeconds)
  if (!isObject(endpoints)) throw invalid(shouldBe('options.endpoints', 'an Object { qq?, weapp? }', endpoints))
  refuseUnknownOptions(API, endpoints, PLATFORMS, 'endpoints.')
  const apps = new Map<RunDataPlatform, App>()
  for (const name of PLATFORMS) {
    const endpoint = endpoints[name]
    const problem = endpoint === undefined ? undefined : endpointProblem(endpoint, `options.endpoints.${name}`)
    if (problem) throw invalid(problem)
    const app = appOf(name, options[name], endpoint, maxAgeSeconds)
    if (app) apps.set(name, app)
  }
  if (!apps.size) throw invalid('configure at least one platform: options.qq and/or options.weapp, each { appId, appSecret }')
  const calendar = checkedCalendar(API, 'options.timeZone', timeZone)
  if (!(isCount(maxBodyBytes) && maxBodyBytes > 0))
    throw invalid(shouldBe('options.maxBodyBytes', 'an integer number of bytes above 0', maxBodyBytes, insteadOfRange))
  checkTimeout('options.timeout', timeout)
  checkTimeout('options.bodyTimeout', bodyTimeout)
  if (sessions !== undefined && !(isObject(sessions) && STORE_METHODS.every((name) => typeof sessions[name] == 'function')))
    throw invalid(shouldBe('options.sessions', 'a SessionStore { get, set, delete }, such as memorySessionStore()', sessions))
  if (!isCount(sessionTtlSeconds, MAX_TTL_SECONDS) || sessionTtlSeconds < 1)
    throw invalid(shouldBe('options.sessionTtlSeconds', `an integer number of seconds from 1 to ${MAX_TTL_SECONDS}`, sessionTtlSeconds, insteadOfRange))
  if (onRunData !== undefined && typeof onRunData != 'function') throw invalid(shouldBe('options.onRunData', 'Function', onRunData))
  if (typeof onError != 'function') throw invalid(shouldBe('options.onError', 'Function', onError))
  return {
    apps,
    ...(apps.size == 1 && { only: [...apps.keys()][0]! }),
    calendar,
    maxBodyBytes,
    timeout,
    bodyTimeout,
    ...(sessions && { sessions }),
    sessionTtlSeconds,
    ...(onRunData && { onRunData }),
    onError,
  }
}
