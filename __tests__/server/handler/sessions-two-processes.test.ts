// Two handler processes behind one Redis, as an app runs on several machines: a login answered by
// one, its run data by the other. With the memory store, the same is a relogin, as the docs say.
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { startFakeCode2SessionServer, type FakeCode2SessionServer } from 'taro-qq-run-data/testing'
import { startRedisServer, type RedisServer } from '../../helpers/redis-server'
import { mockLogin, QQ_APP, send } from './helpers'

const STEPS = [{ timestamp: 1717171200, step: 8532 }]
const ANSWER = {
  platform: 'qq',
  days: [{ date: '2024-06-01', steps: 8532, timestamp: 1717171200 }],
  summary: { days: 1, total: 8532, average: 8532, best: { date: '2024-06-01', steps: 8532, timestamp: 1717171200 }, latest: { date: '2024-06-01', steps: 8532, timestamp: 1717171200 } },
}
const RELOGIN = '{"error":"log in again","relogin":true}'

let redis: RedisServer
let fake: FakeCode2SessionServer
let login: ReturnType<typeof mockLogin>
const children: ChildProcess[] = []

beforeAll(async () => {
  ;[redis, fake] = await Promise.all([startRedisServer(), startFakeCode2SessionServer()])
  login = mockLogin('qq', { steps: STEPS })
}, 30_000)
afterAll(async () => {
  for (const child of children) child.kill()
  login.runtime.restore()
  await Promise.all([redis.close(), fake.close()])
})

/** Starts a handler process with `store`; resolves with its URL. */
function handlerProcess(store: 'redis' | 'memory'): Promise<string> {
  const child = spawn(process.execPath, [join(__dirname, '../../fixtures/session-handler-process.mjs')], {
    env: { ...process.env, STORE: store, REDIS_URL: redis.url, ENDPOINT: fake.endpoint, QQ_APP_ID: QQ_APP.appId, QQ_APP_SECRET: QQ_APP.appSecret },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve)
    child.once('exit', (code) => reject(new Error(`the handler process exited with ${code}`)))
  })
}

const post = async (url: string, body: object) => {
  const { status, text } = await send(url, { body: JSON.stringify(body) })
  return { status, text }
}
const logIn = async (url: string) => JSON.parse((await post(url, { platform: 'qq', code: await login.login() })).text) as { session: string }
const readSteps = async (url: string, session: string) => post(url, { platform: 'qq', session, ...(await login.runData()) })

it('serves a login from one process and the run data from another, through one Redis', async () => {
  const [a, b] = await Promise.all([handlerProcess('redis'), handlerProcess('redis')])
  const { session } = await logIn(a)
  const answer = await readSteps(b, session)
  expect(answer.status).toBe(200)
  expect(JSON.parse(answer.text)).toEqual(ANSWER)
}, 30_000)

it('answers the relogin when the processes keep sessions in memory, each its own', async () => {
  const [a, b] = await Promise.all([handlerProcess('memory'), handlerProcess('memory')])
  const { session } = await logIn(a)
  expect(await readSteps(b, session)).toEqual({ status: 401, text: RELOGIN })
  expect((await readSteps(a, session)).status).toBe(200)
}, 30_000)

it('answers 503 while Redis is down, and 200 again once it is back, without a restart', async () => {
  const url = await handlerProcess('redis')
  const { session } = await logIn(url)
  await redis.stop()
  const started = Date.now()
  expect(await readSteps(url, session)).toEqual({ status: 503, text: '{"error":"try again later"}' })
  expect(Date.now() - started).toBeLessThan(1500)
  await redis.start()
  // The client reconnects on its own; the restarted Redis is empty, so the app logs in again.
  let answer = { status: 0, text: '' }
  for (let i = 0; i < 50 && answer.status != 401; i++) {
    answer = await readSteps(url, session)
    if (answer.status != 401) await new Promise((resolve) => setTimeout(resolve, 100))
  }
  expect(answer).toEqual({ status: 401, text: RELOGIN })
  const again = await logIn(url)
  expect((await readSteps(url, again.session)).status).toBe(200)
}, 30_000)
