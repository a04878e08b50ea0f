// 1,000 random requests: only the documented answers come back, a 500 only from onRunData, and
// no answer carries a stack, a message or a secret.
import fc from 'fast-check'
import { createRunDataHandler } from 'taro-qq-run-data/server'
import { startFakeCode2SessionServer, type FakeCode2SessionServer } from 'taro-qq-run-data/testing'
import { mockLogin, onNodeHttp, QQ_APP, send, WEAPP_APP, type Running } from './helpers'

// Every body the handler may answer with, exactly.
const BODIES: Record<number, string[]> = {
  400: ['{"error":"bad request"}', '{"error":"invalid run data"}'],
  401: ['{"error":"log in again"}'],
  405: [''],
  413: [''],
  415: [''],
  500: ['{"error":"internal error"}'],
  503: ['{"error":"try again later"}'],
}

let fake: FakeCode2SessionServer
let server: Running
let login: ReturnType<typeof mockLogin>
const stages: string[] = []

beforeAll(async () => {
  fake = await startFakeCode2SessionServer()
  login = mockLogin('qq')
  server = await onNodeHttp(
    createRunDataHandler({
      qq: QQ_APP,
      weapp: WEAPP_APP,
      endpoints: { qq: fake.endpoint, weapp: fake.endpoint },
      maxBodyBytes: 8192,
      onRunData: () => {
        throw new Error(`failed with ${QQ_APP.appSecret}`)
      },
      onError: (_error, { stage }) => void stages.push(stage),
    }),
  )
})
afterAll(async () => {
  login.runtime.restore()
  await server.close()
  await fake.close()
})

const field = fc.oneof(fc.string(), fc.base64String({ maxLength: 64 }), fc.anything())
const body = fc.oneof(
  fc.json().map((text) => ({ text })),
  fc.uint8Array({ maxLength: 4096 }).map((bytes) => ({ bytes: Buffer.from(bytes) })),
  fc.integer({ min: 8000, max: 40_000 }).map((length) => ({ text: JSON.stringify({ platform: 'qq', code: 'c'.repeat(length), encryptedData: 'e', iv: 'i' }) })),
  fc
    .record({ platform: fc.oneof(fc.constantFrom('qq', 'weapp', 'QQ', ''), field), code: field, encryptedData: field, iv: field }, { requiredKeys: [] })
    .map((fields) => ({ text: JSON.stringify(fields) })),
  // Valid requests with one field replaced, and valid ones, which onRunData turns into 500s.
  fc.record({ replace: fc.constantFrom('platform', 'code', 'encryptedData', 'iv', 'nothing'), value: field }).map((change) => ({ change })),
)
const request = fc.record({
  method: fc.oneof({ weight: 9, arbitrary: fc.constant('POST') }, fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS')),
  type: fc.oneof(
    { weight: 9, arbitrary: fc.constant('application/json') },
    fc.constantFrom(null, 'text/plain', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/x-www-form-urlencoded', 'application/jsonx'),
  ),
  body,
})

it('answers 1,000 random requests only with the documented statuses and bodies', async () => {
  const statuses = new Map<number, number>()
  await fc.assert(
    fc.asyncProperty(request, async ({ method, type, body }) => {
      let payload: string | Buffer
      if ('change' in body) {
        const valid: Record<string, unknown> = await login.body()
        if (body.change.replace != 'nothing') valid[body.change.replace] = body.change.value
        payload = JSON.stringify(valid)
      } else payload = 'text' in body ? body.text : body.bytes
      const before = stages.filter((stage) => stage == 'onRunData').length
      const answer = await send(server.url, { method, type, body: method == 'GET' ? undefined : payload })
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
      expect(BODIES[answer.status]).toContain(answer.text)
      // A 500 comes from onRunData and nothing else.
      expect(stages.filter((stage) => stage == 'onRunData').length - before).toBe(answer.status == 500 ? 1 : 0)
    }),
    { numRuns: 1000 },
  )
  // The run reached every kind of answer, so the property was not vacuous.
  expect([...statuses.keys()].sort()).toEqual([400, 401, 405, 413, 415, 500])
}, 60_000)
