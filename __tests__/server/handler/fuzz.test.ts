// 1,000 random requests, some of them slow and some met by a failing platform, to the endpoint
// without and with a session store: only the documented answers come back, a 500 only from
// onRunData or the platform refusing the app, and no answer carries a stack, a message or a secret.
import fc from 'fast-check'
import { createRunDataHandler, memorySessionStore, type RunDataHandlerOptions } from 'taro-qq-run-data/server'
import { startFakeCode2SessionServer, type FakeCode2SessionFault, type FakeCode2SessionServer } from 'taro-qq-run-data/testing'
import { mockLogin, onNodeHttp, QQ_APP, send, WEAPP_APP, type Running } from './helpers'

// Every body the handler may answer with, exactly.
const BODIES: Record<number, string[]> = {
  400: ['{"error":"bad request"}', '{"error":"invalid run data"}'],
  401: ['{"error":"log in again"}', '{"error":"log in again","relogin":true}'],
  403: ['{"error":"forbidden"}'],
  405: [''],
  408: ['{"error":"request timeout"}'],
  413: [''],
  415: [''],
  500: ['{"error":"internal error"}'],
  503: ['{"error":"try again later"}'],
}
// The platform's failures that end in an answer without waiting for the exchange's timeout.
const FAULTS: FakeCode2SessionFault[] = ['busy', 'rate-limit', 'invalid-appid', 'invalid-secret', 'high-risk', 'http-500', 'html', 'reset']
// The stages whose errors are answered 500.
const FAILED_INSIDE = new Set(['onRunData', 'configuration'])

// A new session, its token 32 random bytes in base64url: as onRunData always throws, the only 200.
const SESSION_STARTED = /^\{"session":"[\w-]{43}"\}$/

let fake: FakeCode2SessionServer
let login: ReturnType<typeof mockLogin>
beforeAll(async () => {
  fake = await startFakeCode2SessionServer()
  login = mockLogin('qq')
})
afterAll(async () => {
  login.runtime.restore()
  await fake.close()
})

const field = fc.oneof(fc.string(), fc.base64String({ maxLength: 64 }), fc.anything())
const body = fc.oneof(
  fc.json().map((text) => ({ text })),
  fc.uint8Array({ maxLength: 4096 }).map((bytes) => ({ bytes: Buffer.from(bytes) })),
  fc.integer({ min: 8000, max: 40_000 }).map((length) => ({ text: JSON.stringify({ platform: 'qq', code: 'c'.repeat(length), encryptedData: 'e', iv: 'i' }) })),
  fc
    .record({ platform: fc.oneof(fc.constantFrom('qq', 'weapp', 'QQ', ''), field), code: field, session: field, encryptedData: field, iv: field }, { requiredKeys: [] })
    .map((fields) => ({ text: JSON.stringify(fields) })),
  // Valid requests with one field replaced or added, and valid ones, which onRunData turns into
  // 500s; without the data, a valid login, which a session store answers with a new session.
  fc.record({ replace: fc.constantFrom('platform', 'code', 'session', 'encryptedData', 'iv', 'nothing'), value: field }).map((change) => ({ change })),
  fc.constant({ change: { replace: 'nothing', value: undefined }, loginOnly: true }),
  // Valid data with a session no store ever started in place of the code.
  fc.string({ minLength: 1 }).map((session) => ({ change: { replace: 'nothing', value: undefined }, session })),
  // Valid requests that meet a failing platform.
  fc.constantFrom(...FAULTS).map((fault) => ({ change: { replace: 'nothing', value: undefined }, fault })),
)
// A body of which only the first `sent` bytes of its declared length ever come.
const slow = fc.record({ text: fc.json(), sent: fc.nat(), more: fc.integer({ min: 1, max: 1000 }) })
const request = fc.record({
  method: fc.oneof({ weight: 9, arbitrary: fc.constant('POST') }, fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS')),
  type: fc.oneof(
    { weight: 9, arbitrary: fc.constant('application/json') },
    fc.constantFrom(null, 'text/plain', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/x-www-form-urlencoded', 'application/jsonx'),
  ),
  // Rare, as each waits for bodyTimeout.
  body: fc.oneof({ weight: 30, arbitrary: body }, { weight: 1, arbitrary: slow.map((slow) => ({ slow })) }),
})

describe.each<[string, Partial<RunDataHandlerOptions>, number[]]>([
  ['without sessions', {}, [400, 401, 403, 405, 408, 413, 415, 500, 503]],
  ['with a session store', { sessions: memorySessionStore() }, [200, 400, 401, 403, 405, 408, 413, 415, 500, 503]],
])('%s', (_what, options, reached) => {
  let server: Running
  const stages: string[] = []
  beforeAll(async () => {
    server = await onNodeHttp(
      createRunDataHandler({
        qq: QQ_APP,
        weapp: WEAPP_APP,
        endpoints: { qq: fake.endpoint, weapp: fake.endpoint },
        maxBodyBytes: 8192,
        bodyTimeout: 50,
        onRunData: () => {
          throw new Error(`failed with ${QQ_APP.appSecret}`)
        },
        onError: (_error, { stage }) => void stages.push(stage),
        ...options,
      }),
    )
  })
  afterAll(() => server.close())

  it('answers 1,000 random requests only with the documented statuses and bodies', async () => {
    const statuses = new Map<number, number>()
    const texts = new Set<string>()
    await fc.assert(
      fc.asyncProperty(request, async ({ method, type, body }) => {
        let payload: string | Buffer
        const headers: Record<string, string> = {}
        if ('change' in body) {
          const valid: Record<string, unknown> = await login.body()
          if (body.change.replace != 'nothing') valid[body.change.replace] = body.change.value
          if ('loginOnly' in body) {
            delete valid.encryptedData
            delete valid.iv
          }
          if ('session' in body) {
            delete valid.code
            valid.session = body.session
          }
          payload = JSON.stringify(valid)
          if ('fault' in body) fake.fail(body.fault)
        } else if ('slow' in body) {
          const { text, sent, more } = body.slow
          payload = Buffer.from(text).subarray(0, sent)
          headers['content-length'] = String(payload.length + more)
        } else payload = 'text' in body ? body.text : body.bytes
        const before = stages.filter((stage) => FAILED_INSIDE.has(stage)).length
        const answer = await send(server.url, { method, type, headers, body: method == 'GET' ? undefined : payload })
        fake.heal()
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
        texts.add(answer.text)
        if (answer.status == 200) expect(['sessions' in options, answer.text]).toEqual([true, expect.stringMatching(SESSION_STARTED)])
        else expect(BODIES[answer.status]).toContain(answer.text)
        // A 500 comes from onRunData or the platform refusing the app's credentials, and nothing else.
        expect(stages.filter((stage) => FAILED_INSIDE.has(stage)).length - before).toBe(answer.status == 500 ? 1 : 0)
      }),
      { numRuns: 1000 },
    )
    // The run reached every kind of answer, so the property was not vacuous.
    expect([...statuses.keys()].sort()).toEqual(reached)
    // A session that is not one is answered so that syncRunData logs in again.
    expect(texts.has('{"error":"log in again","relogin":true}')).toBe('sessions' in options)
  }, 60_000)
})
