'use strict'
// Loads the `taro build --type qq` output of an example app in plain Node, under a fake `qq`
// global, mounts the two-button page (pages/index/index), taps both buttons and prints one JSON
// line with what happened.
//
// usage: node scripts/e2e-fake-qq.cjs <dist/qq> [--no-api] [--host=wx]
//   --no-api: the fake `qq` has no getQQRunData (an old QQ base library)
//   --host=wx: the global is `wx` instead, for a `taro build --type weapp` output
const path = require('node:path')
const { mountPage, collectErrors, sleep } = require('./e2e-mini-page.cjs')

const errors = collectErrors()

const dir = path.resolve(process.argv[2])
const withApi = !process.argv.includes('--no-api')
const host = process.argv.includes('--host=wx') ? 'wx' : 'qq'

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

;(async () => {
  const page = mountPage(dir, 'pages/index/index')
  await page.until(() => page.view('btn-direct'), 2000)
  const label = page.view('btn-direct')
  page.tap('btn-direct')
  page.tap('btn-polyfill')
  await page.until(() => page.view('result-direct') && page.view('result-polyfill'), 2000)
  await sleep(50)
  process.stdout.write(
    JSON.stringify({ label, direct: page.view('result-direct'), polyfill: page.view('result-polyfill'), calls, fakeResult, errors }) + '\n',
  )
})().catch((e) => {
  process.stdout.write(JSON.stringify({ errors: [...errors, String((e && e.stack) || e)] }) + '\n')
})
