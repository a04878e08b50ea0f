// node bench/handler.mjs [--quick] (npm run bench runs it)
//
// createRunDataHandler on node:http under load (autocannon), against two references measured in
// the same run: (a) the floor, a bare node:http endpoint that parses the JSON, exchanges the code
// with fetch, decrypts with createDecipheriv and parses, with no check; (b) Express 5 with
// express.json() and WXBizDataCrypt's crypto-js decrypt. Every endpoint and the stand-in for
// jscode2session run in processes of their own; every request carries a login code of its own.
// The endpoints take turns, round by round, and each ratio is the median of the per-round ratios.
// Then a soak: the handler at a fixed concurrency, with 0 errors and a heap that does not grow.
// Prints a table and writes bench/.results/handler.json (bench/run.mjs merges it into its results).
import { fork, spawn, spawnSync } from 'node:child_process'
import { connect, createServer as createNetServer } from 'node:net'
import { createCipheriv, randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { values: flags } = parseArgs({
  options: { check: { type: 'boolean' }, quick: { type: 'boolean' }, save: { type: 'boolean' } },
})
const ROUNDS = flags.quick ? 3 : 5
const DURATION = flags.quick ? 1 : 6 // s per endpoint per round
const WARMUP = flags.quick ? 2 : 5 // s
const SOAK = flags.quick ? 5 : 60 // s
const CONNECTIONS = 10

const APP_ID = '1109876543'
const key = randomBytes(16)
const env = { APP_ID, APP_SECRET: 'bench-secret', SESSION_KEY: key.toString('base64') }

// What the mini-program posts: 30 days of run data, encrypted as QQ does, with a fresh iv each.
const now = Math.floor(Date.now() / 1000)
const payloads = Array.from({ length: 64 }, (_, n) => {
  const data = {
    stepInfoList: Array.from({ length: 30 }, (_, i) => ({ timestamp: now - (30 - i) * 86400, step: 2000 + ((n * 31 + i * 7919) % 14000) })),
    watermark: { appid: APP_ID, timestamp: now },
  }
  const iv = randomBytes(16)
  const cipher = createCipheriv('aes-128-cbc', key, iv)
  return { encryptedData: Buffer.concat([cipher.update(JSON.stringify(data)), cipher.final()]).toString('base64'), iv: iv.toString('base64') }
})

/** Forks bench/handler-child.mjs as `kind` and resolves once it listens. */
function start(kind, extraEnv = {}) {
  const child = fork(join(root, 'bench/handler-child.mjs'), [kind], {
    env: { ...process.env, ...env, ...extraEnv },
    execArgv: ['--expose-gc'],
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`${kind} exited with ${code}`)))
    child.once('message', ({ port }) =>
      resolve({
        url: `http://127.0.0.1:${port}`,
        heap: () => new Promise((done) => (child.once('message', ({ heapUsed }) => done(heapUsed)), child.send({ gc: true }))),
        cpu: () => new Promise((done) => (child.once('message', ({ cpu }) => done(cpu)), child.send({}))),
        stop: () => (child.removeAllListeners('exit'), child.kill()),
      }),
    )
  })
}

/** A redis-server of its own on a free loopback port, or `undefined` when it is not installed. */
async function startRedis() {
  if (spawnSync('redis-server', ['--version']).status !== 0) return undefined
  const port = await new Promise((resolve) => {
    const probe = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
  const listening = () =>
    new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => (socket.end(), resolve(true))).on('error', () => resolve(false))
    })
  for (let i = 0; i < 100 && !(await listening()); i++) await new Promise((resolve) => setTimeout(resolve, 50))
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill() }
}

/** Logs in `count` users on a session endpoint: the sessions its load then uses. */
async function logIn(url, count) {
  const sessions = []
  for (let n = 0; n < count; n++) {
    const response = await fetch(`${url}/steps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ platform: 'qq', code: `bench-login-${n}` }) })
    sessions.push((await response.json()).session)
  }
  return sessions
}

let sent = 0
const load = (url, seconds, sessions) =>
  autocannon({
    url: `${url}/steps`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          const n = sent++
          const who = sessions ? { session: sessions[n % sessions.length] } : { code: `bench-code-${n}` }
          return { ...request, body: JSON.stringify({ platform: 'qq', ...who, ...payloads[n % payloads.length] }) }
        },
      },
    ],
  })
const summary = (result) => ({
  requestsPerSecond: result.requests.average,
  p99: result.latency.p99,
  errors: result.errors + result.timeouts + result.non2xx,
})
// Throughput and latency, and the endpoint process's own CPU time per request: on a shared
// machine the neighbours move the first two, much less the third.
async function measure(server, seconds) {
  const before = await server.cpu()
  const result = await load(server.url, seconds, server.sessions)
  return { ...summary(result), cpuPerRequest: ((await server.cpu()) - before) / result.requests.total }
}
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

const fake = await start('fake')
const redis = await startRedis()
const endpointEnv = { ENDPOINT: `${fake.url}/sns/jscode2session`, ...(redis && { REDIS_URL: redis.url }) }
const names = ['floor', 'ours', 'express', 'sessions-memory', ...(redis ? ['sessions-redis'] : [])]
const servers = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await start(name, endpointEnv)])))
for (const name of names) if (name.startsWith('sessions-')) servers[name].sessions = await logIn(servers[name].url, 64)

// Warm-up: every endpoint once, so JIT and connection pools are in their steady state.
for (const name of names) await load(servers[name].url, Math.min(WARMUP, 2), servers[name].sessions)
const perRound = []
for (let round = 0; round < ROUNDS; round++) {
  const measured = {}
  for (const name of round % 2 ? [...names].reverse() : names) measured[name] = await measure(servers[name], DURATION)
  perRound.push(measured)
}
for (const name of names) if (name != 'ours') servers[name].stop()
redis?.stop()

// Soak: the heap after a GC at the end, against the heap after a GC once warmed up.
await load(servers.ours.url, WARMUP)
const heapWarm = await servers.ours.heap()
const soak = summary(await load(servers.ours.url, SOAK))
const heapAfter = await servers.ours.heap()
servers.ours.stop()
fake.stop()

const ratio = (f) => median(perRound.map(f))
const results = {
  machine: { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, date: new Date().toISOString().slice(0, 10) },
  setup: { rounds: ROUNDS, seconds: DURATION, connections: CONNECTIONS, days: 30 },
  endpoints: Object.fromEntries(
    names.map((name) => [
      name,
      {
        requestsPerSecond: median(perRound.map((round) => round[name].requestsPerSecond)),
        p99: median(perRound.map((round) => round[name].p99)),
        cpuPerRequest: median(perRound.map((round) => round[name].cpuPerRequest)),
        errors: perRound.reduce((sum, round) => sum + round[name].errors, 0),
      },
    ]),
  ),
  soak: { seconds: SOAK, connections: CONNECTIONS, ...soak, heapWarm, heapAfter, heapGrowth: heapAfter / heapWarm - 1 },
  targets: [],
}
const target = (name, value, comparison, limit, why) =>
  results.targets.push({ name, value: Number(value.toFixed(3)), target: `${comparison} ${limit}`, met: comparison === '<=' ? value <= limit : value >= limit, why })
target('endpoint req/s: ours/floor', ratio((r) => r.ours.requestsPerSecond / r.floor.requestsPerSecond), '>=', 0.85, 'every check the handler makes, once, costs under a sixth of the throughput')
target('endpoint CPU/request: ours/floor', ratio((r) => r.ours.cpuPerRequest / r.floor.cpuPerRequest), '<=', 1.3, 'and under a third more CPU per request')
target('endpoint p99: ours/floor', ratio((r) => r.ours.p99 / r.floor.p99), '<=', 1.3, 'and at most a third more on the slowest answers')
target('session path req/s: memory store/one-shot', ratio((r) => r['sessions-memory'].requestsPerSecond / r.ours.requestsPerSecond), '>=', 1.5, 'a session skips the round trip to the platform')
if (redis)
  target('session path req/s: Redis store/one-shot', ratio((r) => r['sessions-redis'].requestsPerSecond / r.ours.requestsPerSecond), '>=', 1, 'a Redis GET costs less than the platform round trip (reported)')
target('endpoint req/s: ours/express', ratio((r) => r.ours.requestsPerSecond / r.express.requestsPerSecond), '>=', 1.5, 'faster than what backends write today')
target('soak errors', results.soak.errors, '<=', 0, 'no failed request under sustained load')
target('soak heap growth', results.soak.heapGrowth, '<=', 0.1, 'nothing is kept between requests')

const lines = [
  `endpoint under load: ${CONNECTIONS} connections, ${ROUNDS} round(s) of ${DURATION} s per endpoint, 30 days per request`,
  '  endpoint                                   req/s   p99 ms  CPU µs/req  errors',
]
const labels = {
  floor: '(a) floor: node:http + createDecipheriv',
  ours: 'createRunDataHandler on node:http',
  express: '(b) Express 5 + express.json + crypto-js',
  'sessions-memory': 'the same with sessions, memory store',
  'sessions-redis': 'the same with sessions, Redis store',
}
for (const name of names) {
  const { requestsPerSecond, p99, cpuPerRequest, errors } = results.endpoints[name]
  lines.push(
    `  ${labels[name].padEnd(40)} ${Math.round(requestsPerSecond).toString().padStart(7)}  ${p99.toFixed(1).padStart(7)}` +
      `  ${Math.round(cpuPerRequest).toString().padStart(10)}  ${String(errors).padStart(6)}`,
  )
}
const mb = (bytes) => (bytes / 1048576).toFixed(1)
lines.push(
  `soak: ${SOAK} s, ${Math.round(soak.requestsPerSecond)} req/s, ${soak.errors} errors, heap after GC ${mb(heapWarm)} MB warm → ${mb(heapAfter)} MB after (${(results.soak.heapGrowth * 100).toFixed(1)} %)`,
)
console.log(lines.join('\n'))
mkdirSync(join(root, 'bench/.results'), { recursive: true })
writeFileSync(join(root, 'bench/.results/handler.json'), JSON.stringify(results, null, 2) + '\n')
