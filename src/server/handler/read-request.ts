import type { RunDataPlatform } from '../../shared/platforms'
import { instead, isFilled, isObject, shouldBe } from '../../shared/validation'
import { codeProblem } from '../code-to-session'
import { cipherInputProblem } from '../decrypt-open-data'
import { invalidInput } from '../option-checks'
import type { RunDataError } from '../run-data-error'
import { BAD_REQUEST, METHOD_NOT_ALLOWED, REQUEST_TIMEOUT, TOO_LARGE, UNSUPPORTED_TYPE, type Reply } from './answer'
import { API, type App, type Settings } from './options'

/**
 * The request's body as the transport got it: parsed (a body parser ran), as text, or why there
 * is none (`consumed`: something read the stream before the handler and left no `req.body`).
 */
export type Body = { json: unknown } | { text: string } | 'too large' | 'timed out' | 'consumed'

/** A request the handler refuses, with its answer and, for `onError`, why. */
export class Refusal {
  constructor(
    readonly reply: Reply,
    readonly error: RunDataError,
    readonly platform?: RunDataPlatform,
  ) {}
}

/**
 * A request, every field checked: the only input the later steps see. One of three: a login that
 * starts a session, run data with a login code (one shot), or run data with a session.
 */
export type RunDataRequest =
  | { kind: 'login'; platform: RunDataPlatform; app: App; code: string }
  | { kind: 'code'; platform: RunDataPlatform; app: App; code: string; encryptedData: string; iv: string }
  | { kind: 'session'; platform: RunDataPlatform; app: App; session: string; encryptedData: string; iv: string }

const NO_SESSIONS = 'but sessions are not configured: give createRunDataHandler a sessions store, such as memorySessionStore()'

// `application/json` and any `+json` type, with parameters such as `; charset=utf-8`.
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i

const refuse = (reply: Reply, problem: string, platform?: RunDataPlatform) => new Refusal(reply, invalidInput(API, problem), platform)

/** The refusal of a request on its method, type or declared length: before any body is read. */
export function refuseHead(
  { maxBodyBytes }: Settings,
  method: string,
  contentType: string | null | undefined,
  contentLength: string | null | undefined,
): Refusal | undefined {
  if (method != 'POST') return refuse(METHOD_NOT_ALLOWED, `the method is ${method}; the endpoint answers POST only`)
  if (!JSON_TYPE.test(contentType ?? ''))
    return refuse(UNSUPPORTED_TYPE, `the content-type is ${JSON.stringify(contentType ?? '')}; send JSON (application/json)`)
  if (contentLength && Number(contentLength) > maxBodyBytes)
    return refuse(TOO_LARGE, `the body is ${contentLength} bytes, over maxBodyBytes (${maxBodyBytes})`)
  return undefined
}

/** The body as JSON, or throws the {@link Refusal} of a body that has none. */
function parsed({ maxBodyBytes, bodyTimeout }: Settings, body: Body): unknown {
  if (body == 'too large') throw refuse(TOO_LARGE, `the body is over maxBodyBytes (${maxBodyBytes})`)
  if (body == 'timed out') throw refuse(REQUEST_TIMEOUT, `the body did not arrive within bodyTimeout (${bodyTimeout} ms)`)
  if (body == 'consumed')
    throw refuse(
      BAD_REQUEST,
      'the body was read before the handler ran and req.body is not set: mount the handler before the body parser, or after one that sets req.body',
    )
  if ('json' in body) return body.json
  try {
    return JSON.parse(body.text)
  } catch {
    throw refuse(BAD_REQUEST, 'the body is not JSON')
  }
}

/** The checked run data of a body, or throws the refusal of the first field that is wrong. */
function runDataOf(body: Record<string, unknown>, platform: RunDataPlatform): { encryptedData: string; iv: string } {
  const { encryptedData, iv } = body
  for (const [name, value] of [['encryptedData', encryptedData], ['iv', iv]] as const)
    if (!isFilled(value)) throw refuse(BAD_REQUEST, shouldBe(`the body's ${name}`, 'a non-empty String', value), platform)
  const problem = cipherInputProblem(encryptedData, iv)
  if (problem) throw refuse(BAD_REQUEST, `the body's ${problem}`, platform)
  return { encryptedData: encryptedData as string, iv: iv as string }
}

/** The checked login code of a body, or throws its refusal. */
function codeOf({ code }: Record<string, unknown>, platform: RunDataPlatform): string {
  const problem = codeProblem(code, "the body's code")
  if (problem) throw refuse(BAD_REQUEST, problem, platform)
  return code as string
}

/**
 * Checks the body once, completely, before anything is sent to the platform or asked of the
 * store: a refused request never uses up its login code, nor ends a session. Throws a
 * {@link Refusal}.
 */
export function readRunDataRequest(settings: Settings, body: Body): RunDataRequest {
  const json = parsed(settings, body)
  if (!isObject(json)) throw refuse(BAD_REQUEST, shouldBe('the body', 'Object', json))
  const { apps, only, sessions } = settings
  const { platform = only, code, session, encryptedData, iv } = json
  const app = apps.get(platform as RunDataPlatform)
  if (!app) {
    const which =
      platform === undefined
        ? 'is missing, and both qq and weapp are configured'
        : `should be one of ${[...apps.keys()].join(', ')} instead of ${typeof platform == 'string' ? JSON.stringify(platform.slice(0, 32)) : instead(platform)}`
    throw refuse(BAD_REQUEST, `the body's platform ${which}`)
  }
  const at = platform as RunDataPlatform
  if (session !== undefined) {
    if (!sessions) throw refuse(BAD_REQUEST, `the body has a session, ${NO_SESSIONS}`, at)
    if (code !== undefined) throw refuse(BAD_REQUEST, 'the body has both a code and a session; send the session alone', at)
    if (!isFilled(session)) throw refuse(BAD_REQUEST, shouldBe("the body's session", 'a non-empty String', session), at)
    return { kind: 'session', platform: at, app, session, ...runDataOf(json, at) }
  }
  if (encryptedData === undefined && iv === undefined && code !== undefined) {
    // A login alone, which starts a session: the first request of syncRunData.
    const checked = codeOf(json, at)
    if (!sessions) throw refuse(BAD_REQUEST, `the body has a code without run data, which starts a session, ${NO_SESSIONS}`, at)
    return { kind: 'login', platform: at, app, code: checked }
  }
  if (code === undefined) throw refuse(BAD_REQUEST, shouldBe("the body's code", 'a non-empty String', code), at)
  return { kind: 'code', platform: at, app, code: codeOf(json, at), ...runDataOf(json, at) }
}
