#!/usr/bin/env node
// End-to-end matrix: the packed library in real Taro apps, each with its own lockfile.
//   Taro 4.2, webpack5 (examples/taro-app):  h5 in Chromium, qq and weapp under fake globals
//   Taro 4.2, vite     (examples/taro-vite): h5 in Chromium (the polyfill through the Taro plugin)
//   Taro 3.6, webpack4 (examples/taro-3.6):  qq and h5, with the runner a 3.6 project gets by default
// Steps: build and pack this library once; per app `npm ci`, install the tarball, tsc, then
// `taro build --type <platform>` and the checks of each build. Each line names its app, build and
// check; the run ends with `N passed, M failed` and exits non-zero when a check failed.
// Logs go to .e2e/logs/, screenshots of every H5 state to .e2e/screenshots/ (both ignored).
//
// Environment:
//   E2E_LIB_TGZ=<file>   use this tarball instead of building and packing the repo
//   E2E_CHROMIUM=<file>  Chromium binary (default /usr/bin/chromium)
//   E2E_VERBOSE=1        stream the output of npm / taro instead of logging it to a file
//   E2E_SKIP_CI=1        reuse each app's node_modules instead of `npm ci` (local iteration only)
//   E2E_ONLY=<dir>       run only the app in examples/<dir> (local iteration only)
//   E2E_README_PICTURE=1 also write the picture of the steps page to docs/images/steps-page.png
//                        (its dates are the last days before today, so it changes from day to day:
//                        without this, the picture goes to .e2e/screenshots/ only)
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, copyFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { whileServing } from './e2e-static-server.cjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const outDir = join(root, '.e2e')
const libTgz = join(outDir, 'taro-qq-run-data.tgz')
const logDir = join(outDir, 'logs')
const screenshotDir = join(outDir, 'screenshots')
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
const acorn = createRequire(import.meta.url)('acorn')
function tokens(code) {
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
function assertTaroEnvCompiled(appDir, outDir, platform) {
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
  // A library module that several chunks share is not concatenated: it is a numbered module of
  // its own (`/***/ 2085:` up to the next `/***/ <id>:`), which the importing chunk names beside its id
  // (`// EXTERNAL MODULE: ./node_modules/<lib>/dist/…` then `__webpack_require__(2085)`).
  const sharedIds = new Set()
  const codes = jsFiles.map((file) => ({ file: relative(outDir, file), code: readFileSync(file, 'utf8') }))
  for (const { code } of codes) {
    for (const m of code.matchAll(new RegExp(`// EXTERNAL MODULE: \\./node_modules/${LIB}/dist/[^\\n]*\\n[^\\n]*__webpack_require__\\((\\d+)\\)`, 'g'))) sharedIds.add(m[1])
  }
  for (const { file, code } of codes) {
    for (const id of sharedIds) {
      const at = code.indexOf(`\n/***/ ${id}:`)
      if (at === -1) continue
      const next = code.slice(at + 1).search(/\n\/\*\*\*\/ \d+:/)
      libSegments.push({ file, code: code.slice(at, next === -1 ? code.length : at + 1 + next) })
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
/**
 * Opens `route` of the served h5 build in Chromium and runs `browse(page)` on it; resolves with
 * what `browse` returned and every problem the page had (errors, unhandled rejections, failed
 * requests), after a full-page screenshot to `screenshot`.
 */
async function inChromium(appDir, route, screenshot, browse) {
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
      await page.goto(origin + route, { waitUntil: 'load', timeout: 60_000 })
      const result = await browse(page)
      await page.waitForTimeout(300) // let a late rejection or error surface
      const rejections = await page.evaluate(() => window.__e2eRejections)
      problems.push(...rejections.map((r) => `unhandledrejection: ${r}`))
      await page.screenshot({ path: screenshot, fullPage: true })
      return { ...result, problems }
    } finally {
      await browser.close()
    }
  })
}

/** The two-button page: taps both and reads what each shows. */
async function browseButtons(page) {
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
  return { label, outcome }
}

/** The steps page: which state it shows. */
async function browseSteps(page) {
  await page.locator('.steps-title').waitFor({ state: 'visible', timeout: 30_000 })
  const shown = async (id) => (await page.locator(`#${id}`).count()) > 0
  return {
    unsupported: (await shown('steps-unsupported')) ? ((await page.locator('#steps-unsupported').textContent()) || '').trim() : undefined,
    chart: await shown('steps-ready'),
    settingsButton: await shown('btn-open-setting'),
  }
}

// ---------------------------------------------------------------- the matrix
/**
 * Each app: its folder, the label its lines start with, its builds in order, and the environment
 * its Taro CLI needs. webpack 4 hashes with md4, which Node >= 17's OpenSSL 3 leaves out unless
 * the legacy provider is on.
 */
const apps = [
  { dir: 'taro-app', label: 'Taro 4.2 webpack5', builds: ['h5', 'qq', 'weapp'], env: {}, steps: true },
  { dir: 'taro-vite', label: 'Taro 4.2 vite', builds: ['h5'], env: {}, vite: true },
  { dir: 'taro-3.6', label: 'Taro 3.6 webpack4', builds: ['qq', 'h5'], env: { NODE_OPTIONS: '--openssl-legacy-provider' } },
].filter((app) => !process.env.E2E_ONLY || app.dir === process.env.E2E_ONLY)

console.log(`e2e: ${LIB} in ${apps.map((app) => `${app.label} (examples/${app.dir}: ${app.builds.join(', ')})`).join('; ')}\n`)
rmSync(outDir, { recursive: true, force: true })
mkdirSync(screenshotDir, { recursive: true })

// A fresh Debian machine has no Chromium: install it, as root with apt-get, the way CI does, so
// that `npm run test:e2e` alone does all its set-up. Anywhere else the h5 checks say what to do.
if (!existsSync(chromiumPath) && !process.env.E2E_CHROMIUM && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
  console.log(`Chromium is not at ${chromiumPath}: installing Debian's chromium and a CJK font with apt-get`)
  spawnSync('apt-get', ['update'], { stdio: 'inherit' })
  spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-wqy-microhei'], { stdio: 'inherit' })
}

await check('library: npm run build && npm pack', [], async () => {
  if (process.env.E2E_LIB_TGZ) {
    copyFileSync(resolve(process.env.E2E_LIB_TGZ), libTgz)
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
    copyFileSync(join(packDir, info.filename), libTgz)
    state.packed = true
    return `${info.filename}: ${info.files.length} files, ${info.size} bytes -> ${relative(root, libTgz)}`
  } finally {
    rmSync(packDir, { recursive: true, force: true })
  }
})

const taro = (app, type) =>
  run(process.execPath, [join(app.path, 'node_modules', '@tarojs', 'cli', 'bin', 'taro'), 'build', '--type', type], {
    cwd: app.path,
    env: { NODE_ENV: 'production', ...app.env },
    log: `${app.dir}-taro-build-${type}`,
  })

async function fakeHost(app, type, extra = []) {
  const args = [join(root, 'scripts', 'e2e-fake-qq.cjs'), join(app.path, 'dist', type), ...extra]
  if (type === 'weapp') args.push('--host=wx')
  const out = await run(process.execPath, args, { cwd: app.path, log: `${app.dir}-fake-${type}${extra.join('')}`, capture: true, timeout: 60_000 })
  const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop()
  assert(line, `no result from e2e-fake-qq.cjs:\n${out.slice(-2000)}`)
  return JSON.parse(line)
}

/** The checks of one build of the two-button page (`pages/index/index`). */
async function checkBuild(app, type, name) {
  const built = `${app.dir}_built_${type}`
  const out = join(app.path, 'dist', type)
  await check(name(`taro build --type ${type}`), [`${app.dir}_lib`], async () => {
    rmSync(out, { recursive: true, force: true })
    await taro(app, type)
    const files = existsSync(out) ? walk(out) : []
    assert(files.length > 0, `taro build --type ${type} wrote nothing to ${relative(root, out)}`)
    // taro-qq-run-data/taro-plugin (in the app's config) warns only when it could not do its job.
    const warning = readFileSync(join(logDir, `${app.dir}-taro-build-${type}.log`), 'utf8').split('\n').find((line) => line.includes('[taro-qq-run-data/taro-plugin]'))
    assert(!warning, warning)
    state[built] = true
    return `${files.length} files in ${relative(root, out)}`
  })
  // vite leaves no module markers in its output to find the library's part by.
  if (!app.vite) {
    await check(name(`${type} bundle: the library reads "${type}" where it had process.env.TARO_ENV`), [built], async () => assertTaroEnvCompiled(app.path, out, type))
  }

  if (type === 'h5') {
    let h5
    const screenshot = join(screenshotDir, `${app.dir}-h5-buttons.png`)
    await check(name(`h5 in Chromium: the page loads with the "${LABEL}" button`), [built], async () => {
      h5 = await inChromium(app.path, app.steps ? '/#/pages/index/index' : '/', screenshot, browseButtons)
      assert(h5.label === LABEL, `button label is ${JSON.stringify(h5.label)}`)
      state[`${app.dir}_h5`] = true
      return `screenshot: ${relative(root, screenshot)}`
    })
    await check(name(`h5 in Chromium: getQQRunData() shows "${notSupported('h5')}"`), [`${app.dir}_h5`], async () => {
      const got = h5.outcome['#result-direct']
      assert(got === notSupported('h5'), `#result-direct shows ${JSON.stringify(got)}`)
    })
    await check(name(`h5 in Chromium: Taro.getQQRunData() (polyfill, through the Taro plugin) shows "${notSupported('h5')}"`), [`${app.dir}_h5`], async () => {
      const got = h5.outcome['#result-polyfill']
      const hint = got.includes('暂时不支持 API')
        ? "\n    That is @tarojs/taro-h5's own stub: on H5, Taro's babel-plugin-transform-taroapi compiles a `Taro.getQQRunData(...)`" +
          '\n    call in app code to a named import of it, so the call never reaches what the polyfill put on the default export.' +
          `\n    taro-qq-run-data/taro-plugin prevents that: is it in the \`plugins\` of examples/${app.dir}/config?`
        : ''
      assert(got === notSupported('h5'), `#result-polyfill shows ${JSON.stringify(got)}${hint}`)
    })
    await check(name('h5 in Chromium: no pageerror, unhandled rejection, console error or failed request'), [`${app.dir}_h5`], async () => {
      assert(h5.problems.length === 0, h5.problems.join('\n'))
    })
    if (app.steps) {
      const shot = join(screenshotDir, `${app.dir}-h5-steps-unsupported.png`)
      await check(name('h5 in Chromium: the steps page hides the chart and says run data is not available on h5'), [built], async () => {
        const r = await inChromium(app.path, '/', shot, browseSteps)
        assert(r.unsupported && r.unsupported.includes('not on h5'), `#steps-unsupported shows ${JSON.stringify(r.unsupported)}`)
        assert(!r.chart && !r.settingsButton, 'the chart or the settings button is shown on h5')
        assert(r.problems.length === 0, r.problems.join('\n'))
        return `"${r.unsupported}"; screenshot: ${relative(root, shot)}`
      })
    }
    return
  }

  const host = type === 'qq' ? 'qq' : 'wx'
  const ext = type === 'qq' ? 'qml' : 'wxml'
  await check(name(`${type} build: an ordinary ${type === 'qq' ? 'QQ' : 'WeChat'} mini-program (app.json, app.js, page .js/.json/.${ext})`), [built], async () => {
    const appJson = JSON.parse(readFileSync(join(out, 'app.json'), 'utf8'))
    assert(Array.isArray(appJson.pages) && appJson.pages.length > 0, 'app.json has no pages')
    const need = ['app.js', 'project.config.json']
    for (const p of appJson.pages) need.push(`${p}.js`, `${p}.json`, `${p}.${ext}`)
    const missing = need.filter((f) => !existsSync(join(out, f)))
    assert(missing.length === 0, `missing in ${relative(root, out)}: ${missing.join(', ')}`)
    for (const p of appJson.pages) JSON.parse(readFileSync(join(out, `${p}.json`), 'utf8'))
    const all = walk(out).map((f) => relative(out, f))
    const foreign = all.filter((f) => (type === 'qq' ? /\.wx(ml|ss)$/ : /\.q(ml|ss)$/).test(f))
    assert(foreign.length === 0, `files of another platform: ${foreign.join(', ')}`)
    const js = readFileSync(join(out, 'pages/index/index.js'), 'utf8')
    assert(new RegExp(`\\b${host}\\["webpackJsonp"\\]|\\b${host}\\.webpackJsonp\\b`).test(js), `the page chunk is not registered on the \`${host}\` global`)
    return `pages: ${appJson.pages.join(', ')}; ${all.length} files`
  })
  if (type === 'qq') {
    await check(name('qq page under a fake `qq`: both buttons reach qq.getQQRunData and show its result'), [built], async () => {
      const r = await fakeHost(app, type)
      assert(r.errors.length === 0, r.errors.join('\n'))
      assert(r.label === LABEL, `button label is ${JSON.stringify(r.label)}`)
      assert(r.calls.length === 2, `qq.getQQRunData was called ${r.calls.length} times, expected 2 (one per button)`)
      const want = JSON.stringify(r.fakeResult)
      assert(r.direct === want, `result-direct shows ${JSON.stringify(r.direct)}`)
      assert(r.polyfill === want, `result-polyfill shows ${JSON.stringify(r.polyfill)}`)
      return `qq.getQQRunData called with {${r.calls[0].join(', ')}}; both results: ${want}`
    })
  }
  if (app.steps) await checkStepsPage(app, type, name, built)
  const without = type === 'qq' ? ' without getQQRunData' : ''
  await check(name(`${type} page under a fake \`${host}\`${without}: both buttons show "${notSupported(type)}"`), [built], async () => {
    const r = await fakeHost(app, type, type === 'qq' ? ['--no-api'] : [])
    assert(r.errors.length === 0, r.errors.join('\n'))
    assert(r.calls.length === 0, `getQQRunData of the fake \`${host}\` was called ${r.calls.length} times`)
    assert(r.direct === notSupported(type), `result-direct shows ${JSON.stringify(r.direct)}`)
    assert(r.polyfill === notSupported(type), `result-polyfill shows ${JSON.stringify(r.polyfill)}`)
  })
}

// What the testing kit's mock encrypts for the steps page, and what the page must then show.
const STEPS = [3200, 11050, 8000, 0, 15432, 7001, 9999]
const TOTAL = '54682'
const BEST = 15432

/**
 * The view tree a mini-program page rendered (what it sent with setData), as an HTML page styled
 * with the page's own compiled stylesheet: each node's tag comes from the build's base template
 * (`tmpl_0_<nn>` → `<view>`, `<text>`, …), and rpx become px on a 375 px wide screen, as on a phone.
 */
function treeToHtml(out, route, tree) {
  const base = readFileSync(join(out, walk(out).map((f) => relative(out, f)).find((f) => /^base\.(qml|wxml)$/.test(f))), 'utf8')
  const tags = Object.fromEntries([...base.matchAll(/<template name="tmpl_0_(\w+)">\s*<([\w-]+)/g)].map(([, nn, tag]) => [nn, tag]))
  const css = walk(join(out, dirname(route)))
    .filter((f) => /\.(qss|wxss)$/.test(f))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n')
    .replace(/(-?[\d.]+)rpx/g, (_, n) => `${Number(n) / 2}px`)
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)
  const html = (node) => {
    if (node.v != null) return esc(node.v)
    const tag = { view: 'div', text: 'span', button: 'button' }[tags[node.nn]] || 'div'
    const attrs = [['id', node.uid], ['class', node.cl], ['style', node.st]].filter(([, v]) => v).map(([k, v]) => ` ${k}="${esc(v)}"`).join('')
    return `<${tag}${attrs}>${(node.cn || []).map(html).join('')}</${tag}>`
  }
  return `<!doctype html><meta charset="utf-8"><style>body { margin: 0; font-family: sans-serif; background: #fff; } button { display: block; }\n${css}</style>${(tree.cn || []).map(html).join('')}`
}

/** A PNG of `html` as Chromium shows it on a 375 px wide screen. */
async function picture(appDir, html, file) {
  assert(existsSync(chromiumPath), `Chromium not found at ${chromiumPath}`)
  const { chromium } = createRequire(join(appDir, 'package.json'))('playwright-core')
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] })
  try {
    const page = await browser.newPage({ viewport: { width: 375, height: 100 }, deviceScaleFactor: 1 })
    await page.setContent(html, { waitUntil: 'load' })
    await page.screenshot({ path: file, fullPage: true })
  } finally {
    await browser.close()
  }
}

async function stepsPage(app, type, extra = []) {
  const args = [join(root, 'scripts', 'e2e-steps-page.cjs'), join(app.path, 'dist', type), `--platform=${type}`, `--steps=${JSON.stringify(STEPS)}`, ...extra]
  const out = await run(process.execPath, args, { cwd: app.path, log: `${app.dir}-steps-${type}${extra.filter((a) => !a.includes('=')).join('')}`, capture: true, timeout: 60_000 })
  const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop()
  assert(line, `no result from e2e-steps-page.cjs:\n${out.slice(-2000)}`)
  return JSON.parse(line)
}

const nextDate = (date) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

/** The steps page (pages/steps/index) on a mini-program build, under the testing kit's mock. */
async function checkStepsPage(app, type, name, built) {
  const mock = type === 'qq' ? 'mockQQRuntime' : 'mockWeChatRuntime'
  await check(name(`${type} steps page under ${mock}, over HTTP to createRunDataHandler with sessions and startFakeCode2SessionServer: logs in once and renders the days ${STEPS.join(', ')}, total ${TOTAL}, best day ${BEST}`), [built], async () => {
    const tree = join(outDir, `${app.dir}-${type}-steps-tree.json`)
    const r = await stepsPage(app, type, [`--tree=${tree}`])
    assert(r.errors.length === 0, r.errors.join('\n'))
    state[`${app.dir}_${type}_steps_tree`] = tree
    assert(r.state === 'steps-ready', `the page shows ${r.state}${r.reason ? `: ${r.reason}` : ''}`)
    assert(r.requests.length === 2, `the page made ${r.requests.length} requests, expected two POSTs (the login, then the data)`)
    const [login, request] = r.requests
    for (const { method, url, status, answer } of r.requests)
      assert(method === 'POST' && status === 200, `${method} ${url} answered ${status}: ${JSON.stringify(answer)}`)
    assert(login.sent.platform === type && typeof login.sent.code === 'string' && typeof login.answer.session === 'string', `the page logged in with ${JSON.stringify(login.sent).slice(0, 200)}`)
    assert(request.sent.platform === type && request.sent.session === login.answer.session && typeof request.sent.encryptedData === 'string', `the page posted ${JSON.stringify(request.sent).slice(0, 200)}`)
    assert(r.calls.login === 1, `the page logged in ${r.calls.login} times, expected 1`)
    assert(r.code2SessionCalls === 1, `the backend exchanged ${r.code2SessionCalls} login codes, expected 1`)
    const days = r.days.map((text) => text.split(' '))
    assert(JSON.stringify(days.map(([, steps]) => Number(steps))) === JSON.stringify(STEPS), `the page shows the days ${JSON.stringify(r.days)}`)
    days.slice(1).forEach(([date], i) => assert(date === nextDate(days[i][0]), `the days are not consecutive dates: ${JSON.stringify(r.days)}`))
    assert(r.total === TOTAL, `#steps-total shows ${JSON.stringify(r.total)}`)
    assert(typeof r.best === 'string' && r.best.endsWith(` ${BEST}`), `#steps-best shows ${JSON.stringify(r.best)}`)
    return `POST ${request.url} -> ${request.status}; ${days[0][0]} … ${days[days.length - 1][0]}; best ${r.best}`
  })
  if (type === 'qq') {
    await check(name(`${type} steps page: its picture, from the view tree it rendered and its own stylesheet, in Chromium`), [`${app.dir}_${type}_steps_tree`], async () => {
      const tree = JSON.parse(readFileSync(state[`${app.dir}_${type}_steps_tree`], 'utf8'))
      const shot = join(screenshotDir, `${app.dir}-${type}-steps.png`)
      await picture(app.path, treeToHtml(join(app.path, 'dist', type), 'pages/steps/index', tree), shot)
      if (process.env.E2E_README_PICTURE !== '1') return `screenshot: ${relative(root, shot)}`
      const readme = join(root, 'docs', 'images', 'steps-page.png')
      mkdirSync(dirname(readme), { recursive: true })
      copyFileSync(shot, readme)
      return `screenshot: ${relative(root, shot)}, copied to ${relative(root, readme)}`
    })
  }
  const host = type === 'qq' ? 'qq' : 'wx'
  await check(name(`${type} steps page when the user refused the scope: shows the settings button, and a tap calls ${host}.openSetting`), [built], async () => {
    const r = await stepsPage(app, type, ['--deny'])
    assert(r.errors.length === 0, r.errors.join('\n'))
    assert(r.state === 'steps-denied', `the page shows ${r.state}${r.reason ? `: ${r.reason}` : ''}`)
    assert(r.settingsButton !== undefined, 'no #btn-open-setting')
    assert(r.openSettingCalls === 1, `${host}.openSetting was called ${r.openSettingCalls} times after the tap`)
    // syncRunData logs in before it asks for the data: the login is posted, the data never is.
    assert(r.requests.length === 1 && typeof r.requests[0].sent.code === 'string', `the page posted ${JSON.stringify(r.requests.map((q) => q.sent))}`)
    return `"${r.settingsButton}"`
  })
}

for (const app of apps) {
  app.path = join(root, 'examples', app.dir)
  const name = (text) => `[${app.label}] ${text}`
  await check(name(`npm ci (examples/${app.dir}/package-lock.json)`), [], async () => {
    if (process.env.E2E_SKIP_CI === '1' && existsSync(join(app.path, 'node_modules', '.package-lock.json'))) {
      state[`${app.dir}_ci`] = true
      return `skipped (E2E_SKIP_CI=1): reusing examples/${app.dir}/node_modules`
    }
    await run(npm, ['ci', '--include=dev', '--no-audit', '--no-fund'], { cwd: app.path, log: `${app.dir}-npm-ci`, timeout: 10 * 60_000 })
    state[`${app.dir}_ci`] = true
  })
  await check(name('npm install --no-save the packed tarball'), ['packed', `${app.dir}_ci`], async () => {
    const lock = join(app.path, 'package-lock.json')
    const before = sha256(lock)
    await run(npm, ['install', '--no-save', '--no-audit', '--no-fund', libTgz], { cwd: app.path, log: `${app.dir}-install-tgz` })
    assert(sha256(lock) === before, `installing the tarball changed examples/${app.dir}/package-lock.json`)
    const dir = join(app.path, 'node_modules', LIB)
    assert(existsSync(dir) && !lstatSync(dir).isSymbolicLink(), `node_modules/${LIB} is missing or a symlink`)
    const installed = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    state[`${app.dir}_lib`] = true
    return `node_modules/${LIB}@${installed.version} (a copy of the tarball, lockfile untouched)`
  })
  await check(name('tsc --noEmit (types from the tarball, incl. taro-qq-run-data/types)'), [`${app.dir}_lib`], async () => {
    await run(process.execPath, [join(app.path, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: app.path, log: `${app.dir}-tsc` })
  })
  for (const type of app.builds) await checkBuild(app, type, name)
}

// ---------------------------------------------------------------- summary
const passed = results.filter((r) => r.ok).length
const failed = results.length - passed
console.log(`\nsummary (${secs(Date.now() - started)}):`)
for (const r of results) console.log(`  ${r.ok ? '✔' : '✖'} ${r.name}${r.ok ? '' : `\n      ${r.detail.split('\n')[0]}`}`)
console.log(`\n${passed} passed, ${failed} failed`)
process.exitCode = failed ? 1 : 0
