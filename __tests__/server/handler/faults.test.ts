// When the platform's API hangs, resets or answers garbage, every request is answered 503 in
// time, and neither the handler's server nor the process keeps a connection it should not.
import { createRunDataHandler } from 'taro-qq-run-data/server'
import { startFakeCode2SessionServer, type FakeCode2SessionFault, type FakeCode2SessionServer } from 'taro-qq-run-data/testing'
import { mockLogin, onNodeHttp, postJson, QQ_APP, type Running } from './helpers'

const TIMEOUT = 200
const REQUESTS = 5

let fake: FakeCode2SessionServer
let server: Running
let login: ReturnType<typeof mockLogin>

// Both ends of every TCP connection in this process: the tests' clients, the handler's server,
// the handler's connections to the fake and the fake's.
const sockets = () => process.getActiveResourcesInfo().filter((name) => name == 'TCPSocketWrap').length
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function settled(count: () => number | Promise<number>, limit: number): Promise<number> {
  for (let i = 0; i < 100 && (await count()) > limit; i++) await pause(10)
  return count()
}

beforeAll(async () => {
  fake = await startFakeCode2SessionServer()
  server = await onNodeHttp(createRunDataHandler({ qq: QQ_APP, endpoints: { qq: fake.endpoint }, timeout: TIMEOUT, onError: () => {} }))
  login = mockLogin('qq')
})
afterAll(async () => {
  login.runtime.restore()
  await server.close()
  await fake.close()
})

it.each<[string, FakeCode2SessionFault]>([
  ['hangs', 'hang'],
  ['resets every connection', 'reset'],
  ['answers HTTP 500', 'http-500'],
  ['answers HTML', 'html'],
])('answers 503 in time to every request while the platform %s, leaving no connection behind', async (_what, fault) => {
  // One good exchange first: the handler's connection to the fake may stay open for reuse.
  expect((await postJson(server.url, await login.body())).status).toBe(200)
  const before = await settled(sockets, Infinity)
  fake.fail(fault, REQUESTS)
  // One after the other, so a connection the fake keeps alive is reused rather than added to.
  for (let i = 0; i < REQUESTS; i++) {
    const body = await login.body()
    const started = Date.now()
    const { status, text } = await postJson(server.url, body)
    expect([status, text]).toEqual([503, '{"error":"try again later"}'])
    expect(Date.now() - started).toBeLessThan(TIMEOUT + 400)
  }
  expect(await settled(() => server.connections(), 0)).toBe(0)
  expect(await settled(sockets, before)).toBeLessThanOrEqual(before)
})
