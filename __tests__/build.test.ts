// Checks on the built files, as an app's bundler sees them.
import { parse } from 'acorn'
import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join, posix } from 'node:path'
import { createContext, runInContext } from 'node:vm'

const root = join(__dirname, '..', 'dist')
const dist = (file: string) => readFileSync(join(root, file), 'utf8')
const clientFiles = [
  'index.mjs',
  'index.cjs',
  'polyfill.mjs',
  'polyfill.cjs',
  ...readdirSync(join(root, 'client')).map((file) => `client/${file}`),
]

type Exports = typeof import('../src/client')

/**
 * Runs dist/index.cjs and the chunks it requires the way a mini-program's module wrapper would:
 * no `process`, no Node, each file's text passed through `transform` first, as a bundler would.
 */
function load(
  transform: (source: string) => string = (source) => source,
  globals: Record<string, unknown> = {},
  { entry = 'index.cjs', modules = {} }: { entry?: string; modules?: Record<string, unknown> } = {},
): Exports {
  const context = createContext({ setTimeout, clearTimeout, ...globals })
  const cache = new Map<string, unknown>()
  const requireFrom = (dir: string) => (specifier: string) => {
    if (specifier in modules) return modules[specifier]
    const file = posix.join(dir, specifier)
    if (!cache.has(file)) {
      const module = { exports: {} }
      cache.set(file, module)
      const wrapper = runInContext(`(function (module, exports, require) {${transform(dist(file))}\n})`, context)
      wrapper(module, module.exports, requireFrom(posix.dirname(file)))
    }
    return (cache.get(file) as { exports: unknown }).exports
  }
  return requireFrom('.')(entry) as Exports
}

/** What Taro's bundler does to the file: replace the expression as text. */
const substitute = (env: string) => (source: string) => source.split('process.env.TARO_ENV').join(JSON.stringify(env))

/** Every client file's text, joined: the expressions may live in a shared chunk. */
const allClientCode = (format: 'mjs' | 'cjs') =>
  clientFiles
    .filter((file) => file.endsWith(format))
    .map(dist)
    .join('\n')

describe('the built client entries', () => {
  it.each(['mjs', 'cjs'] as const)('keep process.env.TARO_ENV and TARO_PLATFORM literally (%s)', (format) => {
    expect(allClientCode(format).match(/\bprocess\b[^\n]*/g)).toEqual([
      'process.env.TARO_ENV;',
      'process.env.TARO_PLATFORM;',
    ])
  })

  it.each(clientFiles)('%s uses no Node built-in', (file) => {
    const source = dist(file)
    for (const name of builtinModules) {
      expect(source).not.toMatch(new RegExp(`(require\\(|from )['"](node:)?${name}['"]`))
    }
  })

  it('the root entry and its chunks never reach the server or testing code', () => {
    expect(allClientCode('mjs')).not.toMatch(/server|testing|\.\.\/node\//)
    expect(allClientCode('cjs')).not.toMatch(/server|testing|\.\.\/node\//)
  })

  it.each(clientFiles)('%s parses as ES2017', (file) => {
    const sourceType = file.endsWith('.mjs') ? 'module' : 'script'
    expect(() => parse(dist(file), { ecmaVersion: 2017, sourceType })).not.toThrow()
  })

  it('never throws where process does not exist, and falls back to the runtime', async () => {
    const { detectPlatform, getQQRunData } = load()
    expect(detectPlatform()).toBe('unknown')
    await expect(getQQRunData()).rejects.toEqual({
      errMsg: 'getQQRunData:fail not supported on unknown',
      platform: 'unknown',
    })
  })

  it('finds QQ by its global where process does not exist', async () => {
    const ok = { errMsg: 'getQQRunData:ok', encryptedData: 'e', iv: 'i' }
    const qq = { getQQRunData: jest.fn((o: { success(res: unknown): void }) => o.success(ok)) }
    const { detectPlatform, getQQRunData } = load(undefined, { qq, wx: {} })
    expect(detectPlatform()).toBe('qq')
    await expect(getQQRunData()).resolves.toBe(ok)
    expect(qq.getQQRunData).toHaveBeenCalledTimes(1)
  })

  it('obeys the value Taro substitutes for process.env.TARO_ENV, with no process at run time', async () => {
    const qq = { getQQRunData: jest.fn() }
    const weapp = load(substitute('weapp'), { qq })
    expect(weapp.detectPlatform()).toBe('weapp')
    await expect(weapp.getQQRunData()).rejects.toEqual({
      errMsg: 'getQQRunData:fail not supported on weapp',
      platform: 'weapp',
    })
    expect(qq.getQQRunData).not.toHaveBeenCalled()

    const built = load(substitute('qq'), { qq })
    expect(built.detectPlatform()).toBe('qq')
    expect(built.isQQRunDataSupported()).toBe(true)
  })
})

// React Native: @tarojs/rn-supporter substitutes process.env.TARO_ENV only in .js/.ts/.jsx/.tsx
// files, so Metro leaves these .cjs files as they are, and RN's process.env holds only NODE_ENV.
describe('the built client entries under React Native', () => {
  const rn = { navigator: { product: 'ReactNative' }, process: { env: { NODE_ENV: 'production' } }, window: {} }

  it('report rn from navigator.product, with process.env holding only NODE_ENV', async () => {
    const { detectPlatform, getQQRunData, isQQRunDataSupported } = load(undefined, rn)
    expect(detectPlatform()).toBe('rn')
    expect(isQQRunDataSupported()).toBe(false)
    await expect(getQQRunData()).rejects.toEqual({ errMsg: 'getQQRunData:fail not supported on rn', platform: 'rn' })
  })

  it('the polyfill puts the adapter on Taro, and it reports rn', async () => {
    const Taro: { getQQRunData?: () => Promise<unknown> } = {}
    load(undefined, rn, { entry: 'polyfill.cjs', modules: { '@tarojs/taro': Taro } })
    await expect(Taro.getQQRunData!()).rejects.toEqual({ errMsg: 'getQQRunData:fail not supported on rn', platform: 'rn' })
  })
})
