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

/** A request for run data, every field checked: the only input the later steps see. */
export interface RunDataRequest {
  platform: RunDataPlatform
  app: App
  code: string
  encryptedData: string
  iv: string
}

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

/**
 * Checks the body once, completely, before anything is sent to the platform: a refused request
 * never uses up its login code. Throws a {@link Refusal}.
 */
export function readRunDataRequest(settings: Settings, body: Body): RunDataRequest {
  const json = parsed(settings, body)
  if (!isObject(json)) throw refuse(BAD_REQUEST, shouldBe('the body', 'Object', json))
  const { apps, only } = settings
  const { platform = only, code, encryptedData, iv } = json
  const app = apps.get(platform as RunDataPlatform)
  if (!app) {
    const which =
      platform === undefined
        ? 'is missing, and both qq and weapp are configured'
        : `should be one of ${[...apps.keys()].join(', ')} instead of ${typeof platform == 'string' ? JSON.stringify(platform.slice(0, 32)) : instead(platform)}`
    throw refuse(BAD_REQUEST, `the body's platform ${which}`)
  }
  const at = platform as RunDataPlatform
  for (const [name, value] of [['code', code], ['encryptedData', encryptedData], ['iv', iv]] as const)
    if (!isFilled(value)) throw refuse(BAD_REQUEST, shouldBe(`the body's ${name}`, 'a non-empty String', value), at)
  const problem = codeProblem(code, "the body's code") ?? cipherInputProblem(encryptedData, iv)
  if (problem) throw refuse(BAD_REQUEST, problem.startsWith('the body') ? problem : `the body's ${problem}`, at)
  return { platform: at, app, code: code as string, encryptedData: encryptedData as string, iv: iv as string }
}
