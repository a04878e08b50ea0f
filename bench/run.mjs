// npm run bench [-- --check] [-- --quick] [-- --save]   (ends with bench/real-build-size.mjs)
//
// The endpoint's load test is bench/handler.mjs, run from here (section 5).
//
// Measures the library against references run in the same process, in the same run, and reports
// ratios: the machines this runs on are shared and noisy, so a bare time means little. Every task
// runs in rounds, the tasks of a comparison interleaved round by round, and each ratio is the
// median of the per-round ratios. Prints a table and writes the same numbers to
// bench/.results/latest.json (ignored by git); with --save, also to the committed
// bench/results.json that docs/performance.md quotes. With --check, exits 1 when a target ratio is missed
// (the size goal is reported, not enforced here: size-limit enforces today's sizes in `npm test`).
import { spawnSync } from 'node:child_process'
import { createDecipheriv, createCipheriv, randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { parseArgs } from 'node:util'
import { Bench } from 'tinybench'
import CryptoJS from 'crypto-js'
import { build } from 'esbuild'
import shared from '@tarojs/shared'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { values: flags } = parseArgs({
  options: { check: { type: 'boolean' }, quick: { type: 'boolean' }, save: { type: 'boolean' } },
})
const ROUNDS = flags.quick ? 3 : 7
const CALL_ROUNDS = flags.quick ? 60 : 300 // the short rounds of measureCalls
const TIME = flags.quick ? 150 : 400 // ms per task per round
const BATCH = 1000 // awaited calls per sample, so the harness's own cost per sample is amortised

const noop = () => {}
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/**
 * Loads the built client code the way Taro's bundler leaves it in an app: `process.env.TARO_ENV`
 * and `TARO_PLATFORM` replaced by their values as text. Without that, every call in Node would
 * also pay for two `process.env` look-ups, which no app built with Taro does.
 */
async function loadAsBuiltFor(env, platform = 'mini') {
  const dir = mkdtempSync(join(tmpdir(), `taro-qq-run-data-${env}-`))
  const copy = (from, to) => {
    mkdirSync(dirname(to), { recursive: true })
    const text = readFileSync(from, 'utf8')
      .split('process.env.TARO_ENV')
      .join(JSON.stringify(env))
      .split('process.env.TARO_PLATFORM')
      .join(JSON.stringify(platform))
    writeFileSync(to, text)
  }
  copy(join(root, 'dist/index.mjs'), join(dir, 'index.mjs'))
  for (const file of readdirSync(join(root, 'dist/client')))
    copy(join(root, 'dist/client', file), join(dir, 'client', file))
  const module = await import(pathToFileURL(join(dir, 'index.mjs')).href)
  rmSync(dir, { recursive: true, force: true })
  return module
}

/**
 * Runs `tasks` (name → async function running one batch) for ROUNDS rounds, interleaved, and
 * returns each task's median ns per operation and the per-round results.
 */
async function measure(tasks, opsPerBatch = BATCH) {
  const perRound = []
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ time: TIME, warmup: round === 0, warmupTime: TIME })
    // Alternate the order between rounds, so no task always runs right after a warm-up.
    const names = Object.keys(tasks)
    for (const name of round % 2 ? [...names].reverse() : names) bench.add(name, tasks[name])
    await bench.run()
    perRound.push(Object.fromEntries(bench.tasks.map((task) => [task.name, (task.result.latency.mean * 1e6) / opsPerBatch])))
  }
  const ns = Object.fromEntries(Object.keys(tasks).map((name) => [name, median(perRound.map((round) => round[name]))]))
  return { ns, perRound }
}

/**
 * Like `measure`, for tasks of a few hundred ns: many short rounds (each task runs `calls` awaited
 * calls, in an order that alternates), so that a noisy neighbour hits every task alike. The first
 * tenth of the rounds warms up and is left out.
 */
async function measureCalls(tasks, rounds = CALL_ROUNDS, calls = 2000) {
  const names = Object.keys(tasks)
  const perRound = []
  for (let round = 0; round < rounds; round++) {
    const times = {}
    for (const name of round % 2 ? [...names].reverse() : names) {
      const call = tasks[name]
      const start = process.hrtime.bigint()
      for (let i = 0; i < calls; i++) await call()
      times[name] = Number(process.hrtime.bigint() - start) / calls
    }
    if (round >= rounds / 10) perRound.push(times)
  }
  const ns = Object.fromEntries(names.map((name) => [name, median(perRound.map((round) => round[name]))]))
  return { ns, perRound }
}

/** The median over rounds of a / b, both measured in the same round. */
const ratio = ({ perRound }, a, b) => median(perRound.map((round) => round[a] / round[b]))

const batch = (call) => async () => {
  for (let i = 0; i < BATCH; i++) await call()
}

const results = { machine: {}, targets: [], calls: {}, weChatCalls: {}, notSupported: {}, decrypt: {}, scaling: {}, size: {} }
// A target is a ratio that --check enforces; a goal is reported the same way but not enforced
// (the size goal: size-limit enforces today's sizes in `npm test`).
const target = (name, value, comparison, limit, why, goal = false) => {
  const met = comparison === '<=' ? value <= limit : value >= limit
  results.targets.push({ name, value: Number(value.toFixed(3)), target: `${comparison} ${limit}`, met, why, ...(goal && { goal }) })
}

results.machine = {
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  date: new Date().toISOString().slice(0, 10),
  rounds: ROUNDS,
  callRounds: CALL_ROUNDS,
}

// 1. Call overhead on QQ and on WeChat: the same synchronous fake host for every variant, and
// Taro's own Taro.getQQRunData / Taro.getWeRunData as Taro builds them there (processApis
// promisifying the host's API), against ours loaded as Taro's bundler leaves it.
const callOverhead = async (env, global, api) => {
  const res = { errMsg: `${api}:ok`, encryptedData: 'ZW5j', iv: 'aXY=' }
  const host = {
    [api](option) {
      option.success && option.success(res)
      option.complete && option.complete(res)
    },
  }
  globalThis[global] = host
  const ours = (await loadAsBuiltFor(env))[api]
  const taro = {}
  shared.processApis(taro, host, { needPromiseApis: [api], isOnlyPromisify: true })
  if ((await taro[api]()) !== res || (await ours()) !== res) throw new Error('a variant is broken')

  const measured = await measureCalls({
    floor: () => new Promise((resolve) => host[api]({ success: resolve })),
    taro: () => taro[api](),
    ours: () => ours(),
  })
  // The fake host answers inside the call, so ours waits a microtask before running callbacks
  // (a real host answers later, and then nothing waits): this is the worst case.
  const withCallbacks = await measureCalls({
    taro: () => taro[api]({ success: noop, complete: noop }),
    ours: () => ours({ success: noop, complete: noop }),
  })
  delete globalThis[global]
  return {
    ns: measured.ns,
    withCallbacksNs: withCallbacks.ns,
    oursOverTaro: ratio(measured, 'ours', 'taro'),
    withCallbacks: { oursOverTaro: ratio(withCallbacks, 'ours', 'taro') },
  }
}
results.calls = await callOverhead('qq', 'qq', 'getQQRunData')
results.weChatCalls = await callOverhead('weapp', 'wx', 'getWeRunData')
const why = 'at least as fast as Taro’s own wrapper, while also guaranteeing order, once and async'
target('calls: ours/taro (QQ)', results.calls.oursOverTaro, '<=', 1.0, why)
target('calls: ours/taro (WeChat)', results.weChatCalls.oursOverTaro, '<=', 1.0, why)

// 2. The not-supported path, on a simulated weapp.
{
  globalThis.wx = {}
  const { getQQRunData } = await loadAsBuiltFor('weapp')
  const reason = { errMsg: 'x' }
  const measured = await measure({
    floor: batch(() => Promise.reject(reason).catch(noop)),
    ours: batch(() => getQQRunData().catch(noop)),
  })
  results.notSupported = { ns: measured.ns, oursOverFloor: ratio(measured, 'ours', 'floor') }
  target('not supported: ours/floor', results.notSupported.oursOverFloor, '<=', 2, 'feature checks on every platform stay as cheap as a rejected Promise')
  delete globalThis.wx
}

// 3. Server decryption of the same payloads.
const { decryptRunData } = await import(pathToFileURL(join(root, 'dist/server.mjs')).href)
const key = randomBytes(16)
const sessionKey = key.toString('base64')
const appId = '1109876543'
const payload = (entries) => {
  const now = Math.floor(Date.now() / 1000)
  const data = {
    stepInfoList: Array.from({ length: entries }, (_, i) => ({ timestamp: now - (entries - i) * 86400, step: 3000 + ((i * 7919) % 12000) })),
    watermark: { appid: appId, timestamp: now },
  }
  const iv = randomBytes(16)
  const cipher = createCipheriv('aes-128-cbc', key, iv)
  const encryptedData = Buffer.concat([cipher.update(JSON.stringify(data)), cipher.final()]).toString('base64')
  return { encryptedData, iv: iv.toString('base64'), sessionKey, appId }
}
// The least that decrypts: no check at all, and node:crypto's fastest path (base64 in, text out).
const floorDecrypt = ({ encryptedData, iv, sessionKey }) => {
  const decipher = createDecipheriv('aes-128-cbc', Buffer.from(sessionKey, 'base64'), Buffer.from(iv, 'base64'))
  return JSON.parse(decipher.update(encryptedData, 'base64', 'utf8') + decipher.final('utf8'))
}
// The crypto-js version many backends copy.
const cryptoJsDecrypt = ({ encryptedData, iv, sessionKey }) => {
  const decrypted = CryptoJS.AES.decrypt(encryptedData, CryptoJS.enc.Base64.parse(sessionKey), {
    iv: CryptoJS.enc.Base64.parse(iv),
    mode: CryptoJS.mode.CBC,
    padding: CryptoJS.pad.Pkcs7,
  })
  return JSON.parse(decrypted.toString(CryptoJS.enc.Utf8))
}
{
  const input = payload(31)
  const expected = JSON.stringify(floorDecrypt(input))
  for (const decrypt of [cryptoJsDecrypt, decryptRunData])
    if (JSON.stringify(decrypt(input)) !== expected) throw new Error(`${decrypt.name} decrypts differently`)
  const reps = 50
  const loop = (fn) => () => {
    for (let i = 0; i < reps; i++) fn(input)
  }
  const measured = await measure({ floor: loop(floorDecrypt), 'crypto-js': loop(cryptoJsDecrypt), ours: loop(decryptRunData) }, reps)
  results.decrypt = {
    entries: 31,
    ns: measured.ns,
    oursOverFloor: ratio(measured, 'ours', 'floor'),
    cryptoJsOverOurs: ratio(measured, 'crypto-js', 'ours'),
  }
  target('decrypt: ours/floor', results.decrypt.oursOverFloor, '<=', 1.25, 'strict validation and the schema check cost little over bare decryption')
  target('decrypt: crypto-js/ours', results.decrypt.cryptoJsOverOurs, '>=', 3, 'node:crypto instead of a pure-JS AES is worth it')
}
{
  // How the cost grows with the payload: ours and the floor at each size, in the same rounds.
  const sizes = [31, 365, 3650]
  const inputs = Object.fromEntries(sizes.map((n) => [n, payload(n)]))
  const tasks = {}
  for (const n of sizes) {
    tasks[`ours ${n}`] = () => decryptRunData(inputs[n])
    tasks[`floor ${n}`] = () => floorDecrypt(inputs[n])
  }
  const measured = await measure(tasks, 1)
  const ns = (name, n) => measured.ns[`${name} ${n}`]
  // The cost of one more entry: the slope from 31 to 365 entries, where every string the
  // decryption makes is still an ordinary heap object.
  const perEntry = (name) => (ns(name, 365) - ns(name, 31)) / (365 - 31)
  results.scaling = {
    entries: sizes,
    opsPerSecond: Object.fromEntries(sizes.map((n) => [n, 1e9 / ns('ours', n)])),
    floorOpsPerSecond: Object.fromEntries(sizes.map((n) => [n, 1e9 / ns('floor', n)])),
    oursOverFloor: Object.fromEntries(sizes.map((n) => [n, ratio(measured, `ours ${n}`, `floor ${n}`)])),
    nsPerEntry: perEntry('ours'),
    floorNsPerEntry: perEntry('floor'),
    // 3650 entries make a ~135 kB plaintext: V8 puts strings over ~128 kB in its large-object
    // space, which costs the floor as much as us, so the growth there is compared to the floor's.
    growth365To3650: ns('ours', 3650) / ns('ours', 365),
    floorGrowth365To3650: ns('floor', 3650) / ns('floor', 365),
  }
}

// 4. Sizes: size-limit for every entry, and Taro's processApis path bundled the same way.
{
  // size-limit exits 1 over a budget; its JSON says so per entry, which is what is reported.
  const { stdout: output } = spawnSync(process.execPath, [join(root, 'node_modules/size-limit/bin.js'), '--json'], {
    cwd: root,
    encoding: 'utf8',
  })
  for (const check of JSON.parse(output)) results.size[check.name] = { bytes: check.size, passed: check.passed }
  const bundled = await build({
    stdin: { contents: "export { processApis } from '@tarojs/shared'", resolveDir: root },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
  })
  results.size["Taro's processApis path (@tarojs/shared), esbuild"] = { bytes: gzipSync(bundled.outputFiles[0].contents).length }
  const root700 = results.size["import { getQQRunData } from 'taro-qq-run-data'"].bytes
  target('size: getQQRunData (B, min+gzip)', root700, '<=', 700, 'every byte ships in every app, on every platform', true)
}

// 5. The endpoint under load, in processes of its own: bench/handler.mjs prints its table and
// leaves its numbers in bench/.results/handler.json.
{
  const { status } = spawnSync(process.execPath, [join(root, 'bench/handler.mjs'), ...process.argv.slice(2)], { stdio: 'inherit' })
  if (status !== 0) throw new Error(`bench/handler.mjs exited with ${status}`)
  results.handler = JSON.parse(readFileSync(join(root, 'bench/.results/handler.json'), 'utf8'))
  results.targets.push(...results.handler.targets)
}

// Report.
const fmt = (n, digits = 0) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(digits || 1))
const lines = []
lines.push(`node ${results.machine.node}, ${results.machine.cpu} (${results.machine.cores} cores), ${ROUNDS} rounds (${CALL_ROUNDS} short ones for the calls)`)
lines.push('')
for (const [label, calls] of [
  ['getQQRunData on QQ (ns/op, sync fake qq, as built by Taro)', results.calls],
  ['getWeRunData on WeChat (ns/op, sync fake wx, as built by Taro)', results.weChatCalls],
]) {
  lines.push(label)
  for (const [name, ns] of Object.entries(calls.ns)) lines.push(`  ${name.padEnd(10)} ${fmt(ns).padStart(8)}`)
  lines.push(`  with success+complete: ${Object.entries(calls.withCallbacksNs).map(([n, v]) => `${n} ${fmt(v)}`).join(', ')}`)
}
lines.push('not supported (ns/op, simulated weapp)')
for (const [name, ns] of Object.entries(results.notSupported.ns)) lines.push(`  ${name.padEnd(10)} ${fmt(ns).padStart(8)}`)
lines.push('decryptRunData, 31 days (µs/op)')
for (const [name, ns] of Object.entries(results.decrypt.ns)) lines.push(`  ${name.padEnd(10)} ${fmt(ns / 1000, 2).padStart(8)}`)
lines.push('decryptRunData scaling (ops/s)')
for (const n of results.scaling.entries)
  lines.push(
    `  ${String(n).padStart(5)} entries  ours ${fmt(results.scaling.opsPerSecond[n]).padStart(8)}` +
      `  floor ${fmt(results.scaling.floorOpsPerSecond[n]).padStart(8)}  ours/floor ${results.scaling.oursOverFloor[n].toFixed(2)}`,
  )
lines.push(
  `  per entry: ours ${fmt(results.scaling.nsPerEntry, 1)} ns, floor ${fmt(results.scaling.floorNsPerEntry, 1)} ns; ` +
    `365→3650 entries: ours ×${results.scaling.growth365To3650.toFixed(1)}, floor ×${results.scaling.floorGrowth365To3650.toFixed(1)}`,
)
lines.push('size (min+gzip)')
for (const [name, { bytes }] of Object.entries(results.size)) lines.push(`  ${fmt(bytes).padStart(6)} B  ${name}`)
lines.push('')
lines.push('targets')
for (const t of results.targets)
  lines.push(
    `  ${t.met ? 'met   ' : 'MISSED'} ${t.name.padEnd(34)} ${String(t.value).padStart(8)}  (${t.goal ? 'goal' : 'target'} ${t.target})`,
  )
console.log(lines.join('\n'))
const json = JSON.stringify(results, null, 2) + '\n'
mkdirSync(join(root, 'bench/.results'), { recursive: true })
writeFileSync(join(root, 'bench/.results/latest.json'), json)
if (flags.save) writeFileSync(join(root, 'bench/results.json'), json)

// 5. The bytes added to a real Taro build: a script of its own, as it builds an app.
console.log('')
const realBuild = spawnSync(process.execPath, [join(root, 'bench/real-build-size.mjs'), ...(flags.save ? ['--save'] : [])], { stdio: 'inherit' })
if (realBuild.status !== 0) process.exitCode = 1

const missed = results.targets.filter((t) => !t.met && !t.goal)
if (flags.check && missed.length) {
  console.error(`\n${missed.length} target(s) missed: ${missed.map((t) => t.name).join(', ')}`)
  process.exit(1)
}
