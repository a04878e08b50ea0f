#!/usr/bin/env node
// End-to-end test with a real Taro 4 app (examples/taro-app):
//   1. builds and packs this library (`npm run build`, `npm pack`),
//   2. installs the example app from its own lockfile (`npm ci`), then the packed tarball,
//   3. builds the app with the Taro CLI for h5 and qq,
//   4. serves the h5 build on 127.0.0.1 and drives it with Debian's Chromium (playwright-core),
//   5. inspects the qq build and runs its page under a fake `qq` global.
// Ends with `N passed, M failed` and exits non-zero when a check failed.
//
// Environment:
//   E2E_LIB_TGZ=<file>   use this tarball instead of building and packing the repo
//   E2E_CHROMIUM=<file>  Chromium binary (default /usr/bin/chromium)
//   E2E_VERBOSE=1        stream the output of npm / taro instead of logging it to a file
//   E2E_SKIP_CI=1        reuse examples/taro-app/node_modules instead of `npm ci` (local iteration only)
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, copyFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { whileServing } from './e2e-static-server.cjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const appDir = join(root, 'examples', 'taro-app')
const vendorTgz = join(appDir, 'vendor', 'taro-qq-run-data.tgz')
const logDir = join(appDir, 'e2e-logs')
const screenshot = join(appDir, 'e2e-h5.png')
const chromiumPath = process.env.E2E_CHROMIUM || '/usr/bin/chromium'
const verbose = process.env.E2E_VERBOSE === '1'
const LIB = 'taro-qq-run-data'
const LABEL = '获取QQ运动步数 / Get QQ run data'
const notSupported = (platform) => `getQQRunData:fail not supported on ${platform}`
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

// ---------------------------------------------------------------- tiny check runner
const results = []
const state = {}
const started = Date.now()
const secs = (ms) => `${(ms / 1000).toFixed(1)}s`

/** Runs one named check; `needs` names earlier state keys that must be set, else it fails unrun. */
async function check(name, needs, fn) {
  const t0 = Date.now()
  const missing = needs.filter((k) => !state[k])
  if (missing.length) {
    results.push({ name, ok: false, detail: `not run: needs ${missing.join(', ')} from an earlier step` })
    console.log(`✖ ${name}  (not run: an earlier step failed)`)
    return
  }
  console.log(`… ${name}`)
  try {
    const detail = await fn()
    results.push({ name, ok: true, detail, ms: Date.now() - t0 })
    console.log(`✔ ${name}  (${secs(Date.now() - t0)})${detail ? `\n    ${detail}` : ''}`)
  } catch (err) {
    results.push({ name, ok: false, detail: err && err.message ? err.message : String(err), ms: Date.now() - t0 })
    console.log(`✖ ${name}  (${secs(Date.now() - t0)})\n    ${String(err && err.message ? err.message : err).split('\n').join('\n    ')}`)
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message)
}

/** Spawns a command; its output goes to e2e-logs/<log>.log (or the terminal with E2E_VERBOSE=1). */
function run(cmd, args, { cwd, env = {}, timeout = 5 * 60_000, log, capture = false }) {
  mkdirSync(logDir, { recursive: true })
  const logFile = join(logDir, `${log}.log`)
  const childEnv = { ...process.env, ...env }
  // A caller's TARO_ENV / NODE_ENV must not leak into npm or the Taro CLI.
  for (const k of ['TARO_ENV', 'TARO_PLATFORM', 'NODE_ENV']) if (!(k in env)) delete childEnv[k]
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    const onData = (chunk) => {
      out += chunk
      if (verbose) process.stdout.write(chunk)
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    const timer = setTimeout(() => {
      out += `\n[e2e] killed after ${secs(timeout)}\n`
      child.kill('SIGKILL')
    }, timeout)
    child.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      writeFileSync(logFile, out)
      if (code === 0) return resolvePromise(capture ? out : undefined)
      const tail = out.trimEnd().split('\n').slice(-30).join('\n')
      reject(new Error(`\`${cmd} ${args.join(' ')}\` exited with ${code ?? signal} (log: ${relative(root, logFile)})\n${tail}`))
    })
  })
}

function walk(dir) {
  const files = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    if (entry.isDirectory()) files.push(...walk(p))
    else files.push(p)
  }
  return files
}

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex')

// ---------------------------------------------------------------- bundle inspection
// Token-level, so comments and strings that mention `process.env.TARO_ENV` don't count.
let acorn
function tokens(code) {
  acorn ??= createRequire(join(appDir, 'package.json'))('acorn')
  return [...acorn.tokenizer(code, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true })]
}
const tokText = (t) => (t.type.label === 'name' ? t.value : t.type.label === 'string' ? JSON.stringify(t.value) : t.type.label)

/** Start indexes of `process . env . <name>` in a token list. */
function processEnvReads(toks, name) {
  const hits = []
  for (let i = 0; i + 4 < toks.length; i++) {
    if (toks[i].value === 'process' && toks[i + 1].type.label === '.' && toks[i + 2].value === 'env' && toks[i + 3].type.label === '.' && toks[i + 4].value === name) {
      hits.push(i)
    }
  }
  return hits
}

/**
 * Checks that the bundler replaced the library's `process.env.TARO_ENV` with `"<platform>"`:
 * every read in the library's own dist files turns up in the bundle as the same preceding
 * tokens followed by the string literal (e.g. `env = process.env.TARO_ENV` -> `env = "qq"`),
 * inside the library's part of the bundle, and no emitted JS still reads `process.env.TARO_ENV`.
 */
function assertTaroEnvCompiled(outDir, platform) {
  // The ESM files of the installed package (what webpack bundles for `import`).
  const libDist = join(appDir, 'node_modules', LIB, 'dist')
  assert(existsSync(libDist), `${relative(root, libDist)} is missing`)
  const expected = []
  for (const file of walk(libDist).filter((f) => f.endsWith('.mjs'))) {
    const libToks = tokens(readFileSync(file, 'utf8'))
    // The tokens just before each read, e.g. ["env", "="]; the bundle must show them before "<platform>".
    for (const i of processEnvReads(libToks, 'TARO_ENV')) {
      expected.push(libToks.slice(Math.max(0, i - 2), i).map(tokText).concat(JSON.stringify(platform)))
    }
  }
  assert(expected.length > 0, `no file in the installed ${LIB}/dist/*.mjs reads process.env.TARO_ENV, so there is nothing to substitute`)

  const jsFiles = walk(outDir).filter((f) => f.endsWith('.js'))
  const leftovers = []
  const libSegments = []
  for (const file of jsFiles) {
    const code = readFileSync(file, 'utf8')
    if (processEnvReads(tokens(code), 'TARO_ENV').length) leftovers.push(relative(outDir, file))
    // webpack (unminified) marks each concatenated module: `// CONCATENATED MODULE: ./node_modules/...`
    const marker = `// CONCATENATED MODULE: ./node_modules/${LIB}/dist/`
    let at = code.indexOf(marker)
    while (at !== -1) {
      const next = code.slice(at + marker.length).search(/\/\/ CONCATENATED MODULE: |\n\/\*\*\*\/ \}\)/)
      const end = next === -1 ? code.length : at + marker.length + next
      libSegments.push({ file: relative(outDir, file), code: code.slice(at, end) })
      at = code.indexOf(marker, end)
    }
  }
  assert(leftovers.length === 0, `process.env.TARO_ENV is still read in: ${leftovers.join(', ')}`)
  assert(libSegments.length > 0, `no "${LIB}/dist/*" module found in the ${platform} bundle (${jsFiles.length} JS files)`)
  const segToks = libSegments.map((s) => ({ file: s.file, toks: tokens(s.code.replace(/^\/\/[^\n]*/, '')).map(tokText) }))
  const found = expected.map((want) => {
    for (const seg of segToks) {
      for (let i = 0; i + want.length <= seg.toks.length; i++) {
        if (want.every((w, j) => seg.toks[i + j] === w)) return `${seg.file}: ${want.join(' ')}`
      }
    }
    throw new Error(`the library part of the ${platform} bundle has no \`${want.join(' ')}\` (where the dist reads process.env.TARO_ENV)`)
  })
  return found.join('; ')
}

// ---------------------------------------------------------------- h5: static server + browser
async function h5Browser() {
  assert(existsSync(chromiumPath), `Chromium not found at ${chromiumPath}. Install it with: apt-get update && apt-get install -y chromium (or set E2E_CHROMIUM)`)
  const { chromium } = createRequire(join(appDir, 'package.json'))('playwright-core')
  // The launch is inside the serving, so a Chromium that fails to start still closes the server.
  return whileServing(join(appDir, 'dist', 'h5'), async (origin) => {
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    })
    const problems = []
    try {
      const page = await browser.newPage({ viewport: { width: 414, height: 520 }, deviceScaleFactor: 1 })
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
      page.on('console', (msg) => msg.type() === 'error' && problems.push(`console.error: ${msg.text()}`))
      page.on('crash', () => problems.push('page crashed'))
      page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`))
      page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} ${r.url()}`))
      // Belt and braces: count unhandled rejections in the page itself too.
      await page.addInitScript(() => {
        window.__e2eRejections = []
        window.addEventListener('unhandledrejection', (e) => {
          const r = e.reason
          window.__e2eRejections.push(r && r.errMsg ? r.errMsg : String(r))
        })
      })
      await page.goto(origin + '/', { waitUntil: 'load', timeout: 60_000 })
      await page.locator('#btn-direct').waitFor({ state: 'visible', timeout: 30_000 })
      const label = (await page.locator('#btn-direct').innerText()).trim()

      const outcome = {}
      for (const [button, result] of [['#btn-direct', '#result-direct'], ['#btn-polyfill', '#result-polyfill']]) {
        await page.locator(button).click()
        const want = notSupported('h5')
        try {
          await page.waitForFunction(([sel, text]) => document.querySelector(sel)?.textContent?.includes(text), [result, want], { timeout: 15_000 })
        } catch {}
        outcome[result] = ((await page.locator(result).textContent()) || '').trim()
      }
      await page.waitForTimeout(300) // let a late rejection or error surface
      const rejections = await page.evaluate(() => window.__e2eRejections)
      problems.push(...rejections.map((r) => `unhandledrejection: ${r}`))
      await page.screenshot({ path: screenshot, fullPage: true })
      return { label, outcome, problems }
    } finally {
      await browser.close()
    }
  })
}

// ---------------------------------------------------------------- the run
console.log(`e2e: ${LIB} in a Taro 4 app (examples/taro-app)\n`)

await check('library: npm run build && npm pack', [], async () => {
  rmSync(join(appDir, 'vendor'), { recursive: true, force: true })
  mkdirSync(join(appDir, 'vendor'), { recursive: true })
  if (process.env.E2E_LIB_TGZ) {
    copyFileSync(resolve(process.env.E2E_LIB_TGZ), vendorTgz)
    state.packed = true
    return `using E2E_LIB_TGZ=${process.env.E2E_LIB_TGZ}`
  }
  if (!existsSync(join(root, 'node_modules'))) await run(npm, ['ci', '--include=dev', '--no-audit', '--no-fund'], { cwd: root, log: 'root-npm-ci', timeout: 8 * 60_000 })
  await run(npm, ['run', 'build'], { cwd: root, log: 'lib-build' })
  const packDir = join(tmpdir(), `taro-qq-run-data-e2e-${process.pid}`)
  mkdirSync(packDir, { recursive: true })
  try {
    const out = await run(npm, ['pack', '--json', '--pack-destination', packDir], { cwd: root, log: 'lib-pack', capture: true })
    const info = JSON.parse(out.slice(out.indexOf('[')))[0]
    const files = new Set(info.files.map((f) => f.path))
    // Every file the exports map points at must be in the tarball.
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
    const targets = []
    const collect = (v) => (typeof v === 'string' ? targets.push(v.replace(/^\.\//, '')) : v && Object.values(v).forEach(collect))
    collect(pkg.exports)
    if (typeof pkg.main === 'string') collect(pkg.main)
    if (typeof pkg.module === 'string') collect(pkg.module)
    if (typeof pkg.types === 'string') collect(pkg.types)
    const absent = [...new Set(targets)].filter((p) => !p.includes('*') && !files.has(p))
    assert(absent.length === 0, `the tarball lacks files the exports map points at: ${absent.join(', ')}`)
    copyFileSync(join(packDir, info.filename), vendorTgz)
    state.packed = true
    return `${info.filename}: ${info.files.length} files, ${info.size} bytes -> ${relative(root, vendorTgz)}`
  } finally {
    rmSync(packDir, { recursive: true, force: true })
  }
})

await check('example app: npm ci (its own lockfile)', [], async () => {
  if (process.env.E2E_SKIP_CI === '1' && existsSync(join(appDir, 'node_modules', '.package-lock.json'))) {
    state.appInstalled = true
    return 'skipped (E2E_SKIP_CI=1): reusing examples/taro-app/node_modules'
  }
  await run(npm, ['ci', '--include=dev', '--no-audit', '--no-fund'], { cwd: appDir, log: 'app-npm-ci', timeout: 8 * 60_000 })
  state.appInstalled = true
})

await check('example app: npm install --no-save the packed tarball', ['packed', 'appInstalled'], async () => {
  const lock = join(appDir, 'package-lock.json')
  const before = sha256(lock)
  await run(npm, ['install', '--no-save', '--no-audit', '--no-fund', './vendor/taro-qq-run-data.tgz'], { cwd: appDir, log: 'app-install-tgz' })
  assert(sha256(lock) === before, 'installing the tarball changed examples/taro-app/package-lock.json')
  const dir = join(appDir, 'node_modules', LIB)
  assert(existsSync(dir) && !lstatSync(dir).isSymbolicLink(), `node_modules/${LIB} is missing or a symlink`)
  const installed = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  state.libInstalled = true
  return `node_modules/${LIB}@${installed.version} (a copy of the tarball, lockfile untouched)`
})

await check('example app: tsc --noEmit (types from the tarball, incl. taro-qq-run-data/types)', ['libInstalled'], async () => {
  await run(process.execPath, [join(appDir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: appDir, log: 'app-tsc' })
})

for (const type of ['h5', 'qq']) {
  await check(`taro build --type ${type}`, ['libInstalled'], async () => {
    const out = join(appDir, 'dist', type)
    rmSync(out, { recursive: true, force: true })
    await run(process.execPath, [join(appDir, 'node_modules', '@tarojs', 'cli', 'bin', 'taro'), 'build', '--type', type], {
      cwd: appDir,
      env: { NODE_ENV: 'production' },
      log: `taro-build-${type}`,
    })
    const files = existsSync(out) ? walk(out) : []
    assert(files.length > 0, `taro build --type ${type} wrote nothing to ${relative(root, out)}`)
    // taro-qq-run-data/taro-plugin (in the app's config) warns only when it could not do its job.
    const warning = readFileSync(join(logDir, `taro-build-${type}.log`), 'utf8').split('\n').find((line) => line.includes('[taro-qq-run-data/taro-plugin]'))
    assert(!warning, warning)
    state[`built_${type}`] = true
    return `${files.length} files in ${relative(root, out)}`
  })
}

await check('h5 bundle: the library reads "h5" where it had process.env.TARO_ENV', ['built_h5'], async () =>
  assertTaroEnvCompiled(join(appDir, 'dist', 'h5'), 'h5'),
)

let h5
await check('h5 in Chromium: the page loads with the "获取QQ运动步数 / Get QQ run data" button', ['built_h5'], async () => {
  h5 = await h5Browser()
  assert(h5.label === LABEL, `button label is ${JSON.stringify(h5.label)}`)
  state.h5 = true
  return `screenshot: ${relative(root, screenshot)}`
})
await check(`h5 in Chromium: getQQRunData() shows "${notSupported('h5')}"`, ['h5'], async () => {
  const got = h5.outcome['#result-direct']
  assert(got === notSupported('h5'), `#result-direct shows ${JSON.stringify(got)}`)
})
await check(`h5 in Chromium: Taro.getQQRunData() (polyfill) shows "${notSupported('h5')}"`, ['h5'], async () => {
  const got = h5.outcome['#result-polyfill']
  const hint = got.includes('暂时不支持 API')
    ? "\n    That is @tarojs/taro-h5's own stub: on H5, Taro's babel-plugin-transform-taroapi compiles a `Taro.getQQRunData(...)`" +
      '\n    call in app code to a named import of it, so the call never reaches what the polyfill put on the default export.' +
      "\n    taro-qq-run-data/taro-plugin prevents that: is it in the `plugins` of examples/taro-app/config/index.ts?"
    : ''
  assert(got === notSupported('h5'), `#result-polyfill shows ${JSON.stringify(got)}${hint}`)
})
await check('h5 in Chromium: no pageerror, unhandled rejection, console error or failed request', ['h5'], async () => {
  assert(h5.problems.length === 0, h5.problems.join('\n'))
})

await check('qq build: an ordinary QQ mini-program (app.json, app.js, page .js/.json/.qml, no .wxml)', ['built_qq'], async () => {
  const out = join(appDir, 'dist', 'qq')
  const appJson = JSON.parse(readFileSync(join(out, 'app.json'), 'utf8'))
  assert(Array.isArray(appJson.pages) && appJson.pages.length > 0, 'app.json has no pages')
  const need = ['app.js', 'project.config.json']
  for (const p of appJson.pages) need.push(`${p}.js`, `${p}.json`, `${p}.qml`)
  const missing = need.filter((f) => !existsSync(join(out, f)))
  assert(missing.length === 0, `missing in dist/qq: ${missing.join(', ')}`)
  for (const p of appJson.pages) JSON.parse(readFileSync(join(out, `${p}.json`), 'utf8'))
  const all = walk(out).map((f) => relative(out, f))
  const wxml = all.filter((f) => f.endsWith('.wxml') || f.endsWith('.wxss'))
  assert(wxml.length === 0, `WeChat files in a QQ build: ${wxml.join(', ')}`)
  const js = readFileSync(join(out, appJson.pages[0] + '.js'), 'utf8')
  assert(/\bqq\["webpackJsonp"\]/.test(js), 'the page chunk is not registered on the `qq` global')
  return `pages: ${appJson.pages.join(', ')}; ${all.length} files`
})
await check('qq bundle: the library reads "qq" where it had process.env.TARO_ENV', ['built_qq'], async () =>
  assertTaroEnvCompiled(join(appDir, 'dist', 'qq'), 'qq'),
)

async function fakeQQ(extra = []) {
  const out = await run(process.execPath, [join(root, 'scripts', 'e2e-fake-qq.cjs'), join(appDir, 'dist', 'qq'), ...extra], {
    cwd: appDir,
    log: `fake-qq${extra.join('')}`,
    capture: true,
    timeout: 60_000,
  })
  const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop()
  assert(line, `no result from e2e-fake-qq.cjs:\n${out.slice(-2000)}`)
  return JSON.parse(line)
}
await check('qq page under a fake `qq`: both buttons reach qq.getQQRunData and show its result', ['built_qq'], async () => {
  const r = await fakeQQ()
  assert(r.errors.length === 0, r.errors.join('\n'))
  assert(r.label === LABEL, `button label is ${JSON.stringify(r.label)}`)
  assert(r.calls.length === 2, `qq.getQQRunData was called ${r.calls.length} times, expected 2 (one per button)`)
  const want = JSON.stringify(r.fakeResult)
  assert(r.direct === want, `result-direct shows ${JSON.stringify(r.direct)}`)
  assert(r.polyfill === want, `result-polyfill shows ${JSON.stringify(r.polyfill)}`)
  return `qq.getQQRunData called with {${r.calls[0].join(', ')}}; both results: ${want}`
})
await check(`qq page under a fake \`qq\` without getQQRunData: both show "${notSupported('qq')}"`, ['built_qq'], async () => {
  const r = await fakeQQ(['--no-api'])
  assert(r.errors.length === 0, r.errors.join('\n'))
  assert(r.direct === notSupported('qq'), `result-direct shows ${JSON.stringify(r.direct)}`)
  assert(r.polyfill === notSupported('qq'), `result-polyfill shows ${JSON.stringify(r.polyfill)}`)
})

// ---------------------------------------------------------------- summary
const passed = results.filter((r) => r.ok).length
const failed = results.length - passed
console.log(`\nsummary (${secs(Date.now() - started)}):`)
for (const r of results) console.log(`  ${r.ok ? '✔' : '✖'} ${r.name}${r.ok ? '' : `\n      ${r.detail.split('\n')[0]}`}`)
console.log(`\n${passed} passed, ${failed} failed`)
process.exitCode = failed ? 1 : 0
