// Against the real @tarojs/taro package and the built polyfill entry, in a Node process of its
// own: @tarojs/runtime is an ES module that Jest's module system cannot load.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

type Outcome = { installed: boolean; onDefault: boolean; log: unknown[]; settled: unknown }
const run = (format: 'esm' | 'cjs', host: 'qq' | 'weapp') =>
  JSON.parse(
    execFileSync(process.execPath, [join(__dirname, '..', 'fixtures', 'polyfill.mjs'), format, host], { encoding: 'utf8' }),
  ) as { before: string[]; calls: string[]; getQQRunData: Outcome; getWeRunData: Outcome }

const failed = (expected: object) => ({
  log: [
    ['fail', expected],
    ['complete', expected],
  ],
  settled: { rejected: expected },
})
const succeeded = (ok: object) => ({
  log: [
    ['success', ok],
    ['complete', ok],
  ],
  settled: { resolved: ok },
})

describe.each(['esm', 'cjs'] as const)('import taro-qq-run-data/polyfill (%s)', (format) => {
  it('installs the adapters as Taro.getQQRunData and Taro.getWeRunData on the default Taro object', () => {
    const { before, getQQRunData, getWeRunData } = run(format, 'weapp')
    expect(before).toEqual(['undefined', 'undefined'])
    for (const outcome of [getQQRunData, getWeRunData]) expect(outcome).toMatchObject({ installed: true, onDefault: true })
  })

  it('on WeChat, reaches wx.getWeRunData, and fails Taro.getQQRunData as not supported', () => {
    const { calls, getQQRunData, getWeRunData } = run(format, 'weapp')
    expect(calls).toEqual(['wx.getWeRunData'])
    expect(getQQRunData).toMatchObject(failed({ errMsg: 'getQQRunData:fail not supported on weapp', platform: 'weapp' }))
    expect(getWeRunData).toMatchObject(succeeded({ errMsg: 'getWeRunData:ok', encryptedData: 'w', iv: 'v', cloudID: 'c' }))
  })

  it('on QQ, reaches qq.getQQRunData, and fails Taro.getWeRunData as not supported despite the wx alias', () => {
    const { calls, getQQRunData, getWeRunData } = run(format, 'qq')
    expect(calls).toEqual(['qq.getQQRunData'])
    expect(getQQRunData).toMatchObject(succeeded({ errMsg: 'getQQRunData:ok', encryptedData: 'e', iv: 'i' }))
    expect(getWeRunData).toMatchObject(failed({ errMsg: 'getWeRunData:fail not supported on qq', platform: 'qq' }))
  })
})

describe('side effects of importing an entry', () => {
  const imported = (entry: string) =>
    JSON.parse(
      execFileSync(process.execPath, [join(__dirname, '..', 'fixtures', 'side-effects.mjs'), entry], { encoding: 'utf8' }),
    ) as { newGlobals: string[]; taroChanged: boolean[]; envChanged: boolean }

  it.each(['taro-qq-run-data', 'taro-qq-run-data/server', 'taro-qq-run-data/testing'])('%s changes nothing', (entry) => {
    expect(imported(entry)).toEqual({ newGlobals: [], taroChanged: [false, false], envChanged: false })
  })

  it('the polyfill changes Taro.getQQRunData and Taro.getWeRunData, and nothing else', () => {
    expect(imported('taro-qq-run-data/polyfill')).toEqual({ newGlobals: [], taroChanged: [true, true], envChanged: false })
  })
})
