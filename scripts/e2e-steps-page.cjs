'use strict'
// Runs the steps page (pages/steps/index) of a `taro build --type qq|weapp` output in plain Node
// under the testing kit's mock runtime (mockQQRuntime / mockWeChatRuntime: real login codes, run
// data really encrypted with the user's session key), with the library's own server behind it:
// the page's syncRunData goes over real HTTP to createRunDataHandler (with a memory session
// store) on 127.0.0.1, which exchanges the code with startFakeCode2SessionServer, keeps the
// session key, and decrypts the data with it. Both kits come from
// the app's node_modules, i.e. the packed tarball. Prints one JSON line with what the page
// rendered.
//
// usage: node scripts/e2e-steps-page.cjs <dist/qq|dist/weapp> --platform=qq|weapp --steps=<JSON list> [--deny] [--tree=<file>]
//   --deny: the user refused the run-data scope (the mock answers `<api>:fail auth deny`)
//   --tree: also write the view tree the page rendered, as JSON, to <file> (for its picture)
const { createServer } = require('node:http')
const { createRequire } = require('node:module')
const path = require('node:path')
const { mountPage, collectErrors } = require('./e2e-mini-page.cjs')

const errors = collectErrors()

const dir = path.resolve(process.argv[2])
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
const platform = arg('platform')
const steps = JSON.parse(arg('steps') || '[]')
const deny = process.argv.includes('--deny')
const fromApp = createRequire(path.join(process.cwd(), 'package.json'))
const { mockQQRuntime, mockWeChatRuntime, startFakeCode2SessionServer } = fromApp('taro-qq-run-data/testing')
const { createRunDataHandler, memorySessionStore } = fromApp('taro-qq-run-data/server')
const APP_SECRET = 'e2e-app-secret'

;(async () => {
  const code2Session = await startFakeCode2SessionServer({ appSecret: APP_SECRET })
  const runtime = (platform === 'qq' ? mockQQRuntime : mockWeChatRuntime)({ steps, ...(deny && { respond: 'deny' }) })
  const handler = createRunDataHandler({
    [platform]: { appId: runtime.appId, appSecret: APP_SECRET },
    endpoints: { [platform]: code2Session.endpoint },
    sessions: memorySessionStore(),
    onError: (error, { stage }) => errors.push(`createRunDataHandler ${stage}: ${error && error.message}`),
  })
  const backend = createServer(handler.node)
  await new Promise((resolve) => backend.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${backend.address().port}`

  // What the mock leaves to the host: the network (to the backend above, whatever host the page
  // names: it keeps the path), the settings page, and the system info Taro's runtime reads.
  const host = globalThis[platform === 'qq' ? 'qq' : 'wx']
  const requests = []
  let openSettingCalls = 0
  host.getSystemInfoSync = () => ({ platform: 'devtools', windowWidth: 375, windowHeight: 667, pixelRatio: 2 })
  host.request = ({ url, method = 'GET', header = {}, data, success, fail, complete }) => {
    const target = origin + new URL(url).pathname
    const body = typeof data === 'string' ? data : JSON.stringify(data)
    // As wx.request and qq.request do: a body goes as JSON unless the header says otherwise.
    const headers = Object.keys(header).some((name) => name.toLowerCase() === 'content-type') ? header : { ...header, 'content-type': 'application/json' }
    fetch(target, { method, headers, body: method === 'GET' ? undefined : body }).then(
      async (response) => {
        const text = await response.text()
        let parsed = text
        try { parsed = JSON.parse(text) } catch {}
        requests.push({ url, method, status: response.status, sent: JSON.parse(body), answer: parsed })
        const res = { errMsg: 'request:ok', statusCode: response.status, data: parsed, header: Object.fromEntries(response.headers) }
        success && success(res)
        complete && complete(res)
      },
      (err) => {
        const res = { errMsg: `request:fail ${err.message}` }
        fail && fail(res)
        complete && complete(res)
      },
    )
    return { abort() {}, onHeadersReceived() {}, offHeadersReceived() {} }
  }
  host.openSetting = ({ success, complete } = {}) => {
    openSettingCalls++
    // The user looked at the settings and left the scope off.
    setTimeout(() => {
      const res = { errMsg: 'openSetting:ok', authSetting: {} }
      success && success(res)
      complete && complete(res)
    })
  }

  const page = mountPage(dir, 'pages/steps/index')
  const settled = () => page.view('steps-ready') !== undefined || page.view('steps-denied') !== undefined || page.view('steps-failed') !== undefined
  await page.until(settled, 10_000)
  const days = []
  for (let i = 0; page.view(`day-${i}`) !== undefined; i++) days.push(page.view(`day-${i}`))
  const rendered = {
    state: ['steps-ready', 'steps-denied', 'steps-failed', 'steps-loading'].find((id) => page.view(id) !== undefined),
    days,
    total: page.view('steps-total'),
    best: page.view('steps-best'),
    reason: page.view('steps-reason'),
    settingsButton: page.view('btn-open-setting'),
  }
  if (arg('tree')) require('node:fs').writeFileSync(arg('tree'), JSON.stringify(page.tree()))
  if (rendered.settingsButton !== undefined) {
    page.tap('btn-open-setting')
    await page.until(() => openSettingCalls > 0, 2000)
  }
  process.stdout.write(
    JSON.stringify({ ...rendered, openSettingCalls, calls: runtime.calls, requests, code2SessionCalls: code2Session.calls, errors }) + '\n',
  )
  runtime.restore()
  backend.close()
  await code2Session.close()
})().catch((e) => {
  process.stdout.write(JSON.stringify({ errors: [...errors, String((e && e.stack) || e)] }) + '\n')
  process.exitCode = 1
})
