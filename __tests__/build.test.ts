// Checks on the built files, as an app's bundler sees them.
import { parse } from 'acorn'
import { readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'

const dist = (file: string) => readFileSync(join(__dirname, '..', 'dist', file), 'utf8')
const clientFiles = ['index.mjs', 'index.cjs', 'polyfill.mjs', 'polyfill.cjs']

type Exports = typeof import('../src/index')

/** Runs dist/index.cjs the way a mini-program's module wrapper would: no `process`, no Node. */
function load(source: string, globals: Record<string, unknown> = {}): Exports {
  const module = { exports: {} as Exports }
  runInNewContext(`(function (module, exports) {${source}\n})(module, module.exports)`, {
    module,
    setTimeout,
    clearTimeout,
    ...globals,
  })
  return module.exports
}

/** What Taro's bundler does to the file: replace the expression as text. */
const substitute = (source: string, env: string) => source.split('process.env.TARO_ENV').join(JSON.stringify(env))

describe('the built client entries', () => {
  it.each(['index.mjs', 'index.cjs'])('%s keeps process.env.TARO_ENV and TARO_PLATFORM literally', (file) => {
    expect(dist(file)).toContain('process.env.TARO_ENV')
    expect(dist(file)).toContain('process.env.TARO_PLATFORM')
  })

  it.each(clientFiles)('%s uses no Node built-in and no other part of process', (file) => {
    const source = dist(file)
    for (const name of builtinModules) {
      expect(source).not.toMatch(new RegExp(`(require\\(|from )['"](node:)?${name}['"]`))
    }
    expect(source.match(/\bprocess\b[^\n]*/g)).toEqual(
      file.startsWith('index')
        ? ['process.env.TARO_ENV;', 'process.env.TARO_PLATFORM;']
        : null,
    )
  })

  it.each(clientFiles)('%s parses as ES2017', (file) => {
    const sourceType = file.endsWith('.mjs') ? 'module' : 'script'
    expect(() => parse(dist(file), { ecmaVersion: 2017, sourceType })).not.toThrow()
  })

  it('never throws where process does not exist, and falls back to the runtime', async () => {
    const { detectPlatform, getQQRunData } = load(dist('index.cjs'))
    expect(detectPlatform()).toBe('unknown')
    await expect(getQQRunData()).rejects.toEqual({
      errMsg: 'getQQRunData:fail not supported on unknown',
      platform: 'unknown',
    })
  })

  it('finds QQ by its global where process does not exist', async () => {
    const ok = { errMsg: 'getQQRunData:ok', encryptedData: 'e', iv: 'i' }
    const qq = { getQQRunData: jest.fn((o: { success(res: unknown): void }) => o.success(ok)) }
    const { detectPlatform, getQQRunData } = load(dist('index.cjs'), { qq, wx: {} })
    expect(detectPlatform()).toBe('qq')
    await expect(getQQRunData()).resolves.toBe(ok)
    expect(qq.getQQRunData).toHaveBeenCalledTimes(1)
  })

  it('obeys the value Taro substitutes for process.env.TARO_ENV, with no process at run time', async () => {
    const qq = { getQQRunData: jest.fn() }
    const weapp = load(substitute(dist('index.cjs'), 'weapp'), { qq })
    expect(weapp.detectPlatform()).toBe('weapp')
    await expect(weapp.getQQRunData()).rejects.toEqual({
      errMsg: 'getQQRunData:fail not supported on weapp',
      platform: 'weapp',
    })
    expect(qq.getQQRunData).not.toHaveBeenCalled()

    const built = load(substitute(dist('index.cjs'), 'qq'), { qq })
    expect(built.detectPlatform()).toBe('qq')
    expect(built.isQQRunDataSupported()).toBe(true)
  })
})
