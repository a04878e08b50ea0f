import { base64Problem } from '../shared/base64'
import { ERRCODES, LOGIN_EXCHANGES, type RunDataPlatform } from '../shared/platforms'
import { is16Bytes, isFilled, isObject } from '../shared/validation'
import { RunDataError } from './run-data-error'

const API = 'code2Session'
/** The largest jscode2session answer read; real ones are under 300 bytes. */
const MAX_ANSWER_BYTES = 16 * 1024
/** How much of what the platform echoes (an errmsg) a message quotes. */
const MAX_QUOTE = 200

/**
 * What {@link code2Session} resolves with. Keep `sessionKey` on the server, next to `openid`:
 * it decrypts the user's data and must never reach the client.
 *
 * @example
 * const session: Code2SessionResult = { openid: 'A1B2…', sessionKey: 'tiihtNczf5v6AKRyjwEUhQ==' }
 */
export interface Code2SessionResult {
  /** The user's id within your mini-program. */
  openid: string
  /** The key that decrypts the user's open data until the next `qq.login`. */
  sessionKey: string
  /** The user's id across your apps, when the platform sends one. */
  unionid?: string
}

/** A login exchange whose every value was already checked. */
export interface Exchange {
  platform: RunDataPlatform
  appId: string
  appSecret: string
  code: string
  endpoint?: string
  timeout: number
  fetch?: typeof fetch
}

// The failure's own message and its causes', which is where Node's fetch says what happened
// ("fetch failed: connect ECONNREFUSED …"). Bounded, because a cause chain may be a cycle.
function reasons(error: unknown): string {
  const found: string[] = []
  for (let depth = 0, e = error; e != null && depth < 3; depth++, e = (e as Error).cause)
    found.push(String((e as Error).message ?? e))
  return found.join(': ')
}

/**
 * `text` scrubbed of `secrets` (the app secret, the login code, a session key): each is replaced
 * in every form a URL, a form body or JSON would carry it, and so are the `secret` and `js_code`
 * query parameters whatever they hold. Longest first, so that a shorter form can't break up a
 * longer one. Only failures need it, so nothing is prepared ahead.
 */
function scrubbed(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>()
  for (const secret of secrets) {
    const encoded = encodeURIComponent(secret)
    for (const form of [secret, encoded, encoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()), new URLSearchParams({ s: secret }).toString().slice(2), JSON.stringify(secret).slice(1, -1)])
      forms.add(form)
  }
  const sorted = [...forms].sort((a, b) => b.length - a.length)
  return sorted.reduce((done, form) => done.split(form).join('***'), text.replace(/([?&](?:secret|js_code)=)[^&#\s]*/g, '$1***'))
}

/**
 * Reads a response's body as text, up to `limit` bytes; `undefined` past it, where the read stops
 * (the caller's abort then drops the connection), so a flood costs at most `limit` bytes.
 */
async function cappedText(response: Response, limit: number): Promise<string | undefined> {
  const reader = response.body?.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = (await reader?.read()) ?? { done: true }
    if (done) break
    size += value.byteLength
    if (size > limit) return undefined
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Exchanges an already checked login code: the step the endpoint runs. Every failure is a
 * {@link RunDataError} whose message, stack and properties hold no secret, code or session key.
 */
export async function exchangeCode(exchange: Exchange): Promise<Code2SessionResult> {
  const { platform, appId, appSecret, code, timeout, fetch = globalThis.fetch } = exchange
  const answerer = LOGIN_EXCHANGES[platform]
  const url = new URL(exchange.endpoint ?? answerer.endpoint)
  const where = `the ${answerer.name} API at ${url.origin + url.pathname}`
  url.searchParams.set('appid', appId)
  url.searchParams.set('secret', appSecret)
  url.searchParams.set('js_code', code)
  url.searchParams.set('grant_type', 'authorization_code')
  const unavailable = (message: string, status?: number) =>
    new RunDataError('PLATFORM_UNAVAILABLE', `${API}: ${message}`, { platform, ...(status !== undefined && { status }) })

  const scrub = (text: string, ...more: string[]) => scrubbed(text, [appSecret, code, ...more])
  const controller = new AbortController()
  const ask = async (): Promise<Code2SessionResult> => {
    let response: Response
    let body: string | undefined
    try {
      response = await fetch(url.href, { signal: controller.signal })
      body = await cappedText(response, MAX_ANSWER_BYTES)
    } catch (error) {
      // Not passed on as `cause`: its message and its causes' may hold the URL with the secret.
      throw unavailable(`the request to ${where} failed: ${scrub(reasons(error)).slice(0, MAX_QUOTE)}`)
    }
    const { status } = response
    if (!response.ok) throw unavailable(`${where} answered HTTP ${status}`, status)
    if (body === undefined) {
      // Drops the rest of the flood with the connection.
      controller.abort()
      throw unavailable(`${where} answered more than ${MAX_ANSWER_BYTES} bytes; real answers are under 300`, status)
    }
    let json: unknown
    try {
      json = JSON.parse(body)
    } catch {
      // The body itself stays out of the message: nobody knows what a broken proxy echoes.
      throw unavailable(`${where} answered HTTP ${status} with a body that is not JSON (${body.length} characters)`, status)
    }
    if (!isObject(json)) throw unavailable(`${where} answered with JSON that is not an object`, status)
    const { errcode, errmsg, openid, session_key: sessionKey, unionid } = json
    if (errcode !== undefined && errcode !== null && errcode !== 0) {
      if (typeof errcode != 'number') throw unavailable(`${where} answered with an errcode that is not a Number`, status)
      const known = ERRCODES[errcode]
      // The errmsg is quoted scrubbed (of the secret, the code and any session key it echoes), cut
      // short and escaped, so that no log line carries a secret, a flood or a terminal escape.
      const text = typeof errmsg == 'string' ? scrub(errmsg, ...(isFilled(sessionKey) ? [sessionKey] : [])) : ''
      const quoted = text ? ` (${JSON.stringify(text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE)}…` : text)})` : ''
      const hint = known?.hint(answerer) ?? `see ${answerer.name}'s documentation of code2Session`
      throw new RunDataError(known?.outcome ?? 'PLATFORM_UNAVAILABLE', `${API}: ${answerer.name} answered errcode ${errcode}${quoted}: ${hint}`, {
        platform,
        errcode,
      })
    }
    if (!isFilled(openid) || !isFilled(sessionKey)) throw unavailable(`${where} answered without an openid or a session_key`, status)
    // Checked here, where it enters: a malformed key is the platform's fault, not the client's data's.
    if (base64Problem('session_key', sessionKey, is16Bytes, '16 bytes'))
      throw unavailable(`${where} answered a session_key that is not base64 of 16 bytes`, status)
    const result: Code2SessionResult = { openid, sessionKey }
    if (isFilled(unionid)) result.unionid = unionid
    return result
  }

  let timer: ReturnType<typeof setTimeout> | undefined
  // A race rather than the signal alone, so that even a `fetch` that ignores the signal can't
  // make the call hang. It covers the body too.
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(unavailable(`${where} did not answer within ${timeout} ms`))
      controller.abort()
    }, timeout)
  })
  try {
    return await Promise.race([ask(), expiry])
  } finally {
    clearTimeout(timer)
  }
}
