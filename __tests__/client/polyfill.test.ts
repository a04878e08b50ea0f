// Against the real @tarojs/taro package and the built polyfill entry, in a Node process of its
// own: @tarojs/runtime is an ES module that Jest's module system cannot load.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

const run = (format: 'esm' | 'cjs', host: 'qq' | 'weapp') =>
  JSON.parse(
    execFileSync(process.execPath, [join(__dirname, '..', 'fixtures', 'polyfill.mjs'), format, host], { encoding: 'utf8' }),
  ) as Record<string, unknown>

describe.each(['esm', 'cjs'] as const)('import taro-qq-run-data/polyfill (%s)', (format) => {
  it('installs the adapter as Taro.getQQRunData on the default Taro object', () => {
    expect(run(format, 'weapp')).toMatchObject({ before: 'undefined', installed: true, onDefault: true })
  })

  it('makes existing Taro code fail the same way off QQ', () => {
    const expected = { errMsg: 'getQQRunData:fail not supported on weapp', platform: 'weapp' }
    expect(run(format, 'weapp')).toMatchObject({
      calls: [],
      log: [
        ['fail', expected],
        ['complete', expected],
      ],
      settled: { rejected: expected },
    })
  })

  it('makes existing Taro code reach qq.getQQRunData on QQ', () => {
    const ok = { errMsg: 'getQQRunData:ok', encryptedData: 'e', iv: 'i' }
    expect(run(format, 'qq')).toMatchObject({
      calls: ['qq.getQQRunData'],
      log: [
        ['success', ok],
        ['complete', ok],
      ],
      settled: { resolved: ok },
    })
  })
})

describe('side effects of importing an entry', () => {
  const imported = (entry: string) =>
    JSON.parse(
      execFileSync(process.execPath, [join(__dirname, '..', 'fixtures', 'side-effects.mjs'), entry], { encoding: 'utf8' }),
    ) as { newGlobals: string[]; taroChanged: boolean; envChanged: boolean }

  it.each(['taro-qq-run-data', 'taro-qq-run-data/server', 'taro-qq-run-data/testing'])('%s changes nothing', (entry) => {
    expect(imported(entry)).toEqual({ newGlobals: [], taroChanged: false, envChanged: false })
  })

  it('the polyfill changes Taro.getQQRunData and nothing else', () => {
    expect(imported('taro-qq-run-data/polyfill')).toEqual({ newGlobals: [], taroChanged: true, envChanged: false })
  })

  it('package.json tells bundlers so', () => {
    const { sideEffects } = require('../../package.json') as { sideEffects: string[] }
    expect(sideEffects).toEqual(['./dist/polyfill.mjs', './dist/polyfill.cjs'])
  })
})
