'use strict'
// Runs a page of a `taro build --type qq|weapp` output in plain Node, under the few mini-program
// globals Taro's runtime touches (App, Page, Component, getApp, getCurrentPages); the host global
// (`qq`, `wx`) is the caller's. app.js pulls in the runtime, vendors and taro chunks, exactly as
// the client runs them. The page's view data is rebuilt from the setData paths Taro sends
// ("root.cn.[0].cn.[1].v"), so `view(id)` reads what the page rendered, and `tap(id)` calls the
// page's own event handler (`eh`, what the template binds `bindtap` to).
const path = require('node:path')

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
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Errors that happen while the page runs, collected instead of ending the process (the scripts' own). */
const errors = []
function collectErrors() {
  process.on('uncaughtException', (e) => errors.push(`uncaughtException: ${(e && e.stack) || e}`))
  process.on('unhandledRejection', (e) => errors.push(`unhandledRejection: ${(e && e.stack) || JSON.stringify(e)}`))
  return errors
}

/** Loads `dir`'s app.js and mounts `route`; the host global must be in place before. */
function mountPage(dir, route) {
  let app
  const pages = []
  globalThis.App = (config) => { app = config }
  globalThis.getApp = () => app
  globalThis.getCurrentPages = () => pages
  globalThis.Page = (config) => { pages.push(config) }
  globalThis.Component = () => {}

  require(path.join(dir, 'app.js'))
  if (!app) throw new Error('app.js did not call App()')
  app.onLaunch && app.onLaunch({ path: route, query: {}, scene: 1001 })
  require(path.join(dir, `${route}.js`))
  if (pages.length !== 1) throw new Error(`expected one Page() call, got ${pages.length}`)

  const data = {}
  const page = Object.create(pages[0])
  pages[0] = page
  Object.assign(page, { data, route, __route__: route, options: {} })
  page.setData = (patch, cb) => {
    for (const [key, value] of Object.entries(patch)) setPath(data, key, value)
    cb && setTimeout(cb)
  }
  page.onLoad({})
  page.onShow && page.onShow()
  page.onReady && page.onReady()

  const view = (id) => text(find(data.root, id))
  return {
    view,
    /** The whole view tree the page sent with setData (`{ nn, cl, st, v, cn, uid, … }` nodes). */
    tree: () => data.root,
    /** Taps the element with this id, as the client would call the page's handler. */
    tap: (id) => page.eh({ type: 'tap', timeStamp: Date.now(), detail: {}, target: { id, dataset: {} }, currentTarget: { id, dataset: {} } }),
    /** Waits until `ready()` holds, polling every 20 ms, for at most `timeout` ms. */
    async until(ready, timeout = 5000) {
      for (let waited = 0; !ready() && waited < timeout; waited += 20) await sleep(20)
      return ready()
    },
  }
}

module.exports = { mountPage, collectErrors, sleep }
