'use strict'
// Loads the `taro build --type qq` output of examples/taro-app in plain Node, under a fake `qq`
// global and the few mini-program globals Taro's runtime touches (App, Page, Component, getApp,
// getCurrentPages). It mounts the index page, taps both buttons through the page's own event
// handler (`eh`, what the .qml binds `bindtap` to), and prints one JSON line with what happened.
//
// usage: node scripts/e2e-fake-qq.cjs <dist/qq> [--no-api] [--host=wx]
//   --no-api: the fake `qq` has no getQQRunData (an old QQ base library)
//   --host=wx: the global is `wx` instead, for a `taro build --type weapp` output
const path = require('node:path')

const dir = path.resolve(process.argv[2])
const withApi = !process.argv.includes('--no-api')
const host = process.argv.includes('--host=wx') ? 'wx' : 'qq'
const errors = []
process.on('uncaughtException', (e) => errors.push(`uncaughtException: ${(e && e.stack) || e}`))
process.on('unhandledRejection', (e) => errors.push(`unhandledRejection: ${(e && e.stack) || JSON.stringify(e)}`))

const calls = []
const fakeResult = { errMsg: 'getQQRunData:ok', encryptedData: 'ZmFrZS1lbmNyeXB0ZWQ=', iv: 'ZmFrZS1pdg==' }
globalThis[host] = {
  getSystemInfoSync: () => ({ platform: 'devtools', windowWidth: 375, windowHeight: 667, pixelRatio: 2 }),
}
if (withApi) {
  globalThis[host].getQQRunData = (option) => {
    calls.push(Object.keys(option || {}).sort())
    setTimeout(() => {
      option.success && option.success({ ...fakeResult })
      option.complete && option.complete({ ...fakeResult })
    }, 5)
  }
}
let app
const pages = []
globalThis.App = (config) => { app = config }
globalThis.getApp = () => app
globalThis.getCurrentPages = () => pages
globalThis.Page = (config) => { pages.push(config) }
globalThis.Component = () => {}

// The page's view data, rebuilt from the setData paths Taro sends ("root.cn.[0].cn.[1].v").
const data = {}
function setPath(target, key, value) {
  const parts = key.split('.').map((p) => (/^\[\d+\]$/.test(p) ? Number(p.slice(1, -1)) : p))
  let node = target
  parts.slice(0, -1).forEach((p, i) => {
    if (node[p] == null) node[p] = typeof parts[i + 1] === 'number' ? [] : {}
    node = node[p]
  })
  node[parts[parts.length - 1]] = value
}
const find = (node, uid) => {
  if (!node || typeof node !== 'object') return undefined
  if (node.uid === uid) return node
  for (const child of node.cn || []) {
    const hit = find(child, uid)
    if (hit) return hit
  }
}
const text = (node) => (node ? (node.v != null ? String(node.v) : (node.cn || []).map(text).join('')) : undefined)

// app.js pulls in the runtime, vendors and taro chunks, exactly as the QQ client runs them.
require(path.join(dir, 'app.js'))
if (!app) throw new Error('app.js did not call App()')
app.onLaunch && app.onLaunch({ path: 'pages/index/index', query: {}, scene: 1001 })
require(path.join(dir, 'pages/index/index.js'))
if (pages.length !== 1) throw new Error(`expected one Page() call, got ${pages.length}`)

const page = Object.create(pages[0])
pages[0] = page
Object.assign(page, { data, route: 'pages/index/index', __route__: 'pages/index/index', options: {} })
page.setData = (patch, cb) => {
  for (const [key, value] of Object.entries(patch)) setPath(data, key, value)
  cb && setTimeout(cb)
}
page.onLoad({})
page.onShow && page.onShow()
page.onReady && page.onReady()

const tap = (id) => page.eh({ type: 'tap', timeStamp: Date.now(), detail: {}, target: { id, dataset: {} }, currentTarget: { id, dataset: {} } })
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const view = (id) => text(find(data.root, id))

;(async () => {
  for (let i = 0; i < 100 && !view('btn-direct'); i++) await sleep(20)
  const label = view('btn-direct')
  tap('btn-direct')
  tap('btn-polyfill')
  for (let i = 0; i < 100 && !(view('result-direct') && view('result-polyfill')); i++) await sleep(20)
  await sleep(50)
  process.stdout.write(
    JSON.stringify({ label, direct: view('result-direct'), polyfill: view('result-polyfill'), calls, fakeResult, errors }) + '\n',
  )
})().catch((e) => {
  process.stdout.write(JSON.stringify({ errors: [...errors, String((e && e.stack) || e)] }) + '\n')
})
