import { existsSync } from 'node:fs'
import { join } from 'node:path'
import Config from 'webpack-chain'
import taroQQRunData from '../../src/taro-plugin'

type Hook = { name: string; stage?: number; fn: (opts: never) => void }

/** A plugin context that records hooks, and applies them as Taro's Kernel does. */
function fakeCtx() {
  const hooks: Hook[] = []
  return {
    register: <T>(hook: { name: string; stage?: number; fn: (opts: T) => void }) => void hooks.push(hook as Hook),
    /** By stage, then in registration order: how tapable orders Taro's waterfall. */
    apply(name: string, opts: object) {
      const taps = hooks.filter((hook) => hook.name == name).sort((a, b) => (a.stage ?? 0) - (b.stage ?? 0))
      for (const tap of taps) tap.fn(opts as never)
    },
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value == 'object' && value !== null) Object.values(value).forEach(deepFreeze)
  return Object.freeze(value)
}

// The shape of @tarojs/plugin-platform-h5's dist/definition.json, which every H5 build `require`s.
const definition = deepFreeze({
  apis: { canIUse: '*', getQQRunData: { object: '*', success: 'void' }, login: '*', request: '*', updateQQApp: '*' },
  components: { View: '*', Button: { onClick: '*' } },
})
const taroApi = { default: function babelPluginTransformTaroapi() {} }
const otherPlugin = ['babel-plugin-other', { keep: true }]

/** What the webpack5 runner's script rule holds before any platform callback has run. */
function baseChain(options: object | undefined = { compact: false }) {
  const chain = new Config()
  const use = chain.module.rule('script').test(/\.[tj]sx?$/i).use('babelLoader').loader('babel-loader')
  if (options) use.options(options)
  return chain
}

/** What @tarojs/plugin-platform-h5 does in its modifyWebpackChain callback (Taro 4.2). */
function h5PlatformCallback({ chain }: { chain: Config }) {
  const babelLoader = chain.module.rules.get('script').uses.get('babelLoader')
  const options = babelLoader.get('options')
  babelLoader.set('options', {
    ...options,
    plugins: [...(options.plugins || []), [taroApi, { packageName: '@tarojs/taro', definition }]],
  })
}

const babelOptions = (chain: Config) => chain.module.rules.get('script').uses.get('babelLoader').get('options')
const taroApiOptions = (chain: Config) => babelOptions(chain).plugins.find((entry: unknown[]) => entry[0] === taroApi)[1]

/** Builds like `taro build --type <platform>`: the plugin is set up first, the platform later. */
function build(platform: string, chain: Config, { h5 = platform == 'h5' } = {}) {
  process.env.TARO_ENV = platform
  const ctx = fakeCtx()
  taroQQRunData(ctx)
  if (h5) ctx.register({ name: 'modifyWebpackChain', fn: h5PlatformCallback })
  ctx.apply('modifyWebpackChain', { chain, webpack: {}, data: {} })
  return chain
}

const savedEnv = process.env.TARO_ENV
let warn: jest.SpyInstance
beforeEach(() => {
  warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
})
afterEach(() => {
  warn.mockRestore()
  if (savedEnv === undefined) delete process.env.TARO_ENV
  else process.env.TARO_ENV = savedEnv
})

describe('taro-qq-run-data/taro-plugin on an H5 webpack build', () => {
  it("takes getQQRunData off babel-plugin-transform-taroapi's definition, after the H5 platform added it", () => {
    const { definition: seen } = taroApiOptions(build('h5', baseChain()))
    expect(seen.apis).not.toHaveProperty('getQQRunData')
  })

  it('keeps every other API and component of the definition', () => {
    const seen = taroApiOptions(build('h5', baseChain()))
    const { getQQRunData: _, ...others } = definition.apis
    expect(seen).toEqual({ packageName: '@tarojs/taro', definition: { apis: others, components: definition.components } })
  })

  it("leaves the platform's definition object as it was", () => {
    const before = JSON.stringify(definition)
    const seen = taroApiOptions(build('h5', baseChain()))
    expect(JSON.stringify(definition)).toBe(before)
    expect(definition.apis).toHaveProperty('getQQRunData')
    expect(seen.definition).not.toBe(definition)
  })

  it('keeps the other babel options and plugins, in order', () => {
    const chain = baseChain({ compact: false, plugins: [otherPlugin] })
    const options = babelOptions(build('h5', chain))
    expect(options.compact).toBe(false)
    expect(options.plugins).toHaveLength(2)
    expect(options.plugins[0]).toBe(otherPlugin)
    expect(options.plugins[1][0]).toBe(taroApi)
  })

  it("keeps a plugin entry's name (its third element)", () => {
    const chain = baseChain({ plugins: [[taroApi, { definition }, 'taroapi']] })
    const [entry] = babelOptions(build('h5', chain, { h5: false })).plugins
    expect(entry[2]).toBe('taroapi')
    expect(entry[1].definition.apis).not.toHaveProperty('getQQRunData')
  })

  it('runs after the H5 platform however the two were registered', () => {
    process.env.TARO_ENV = 'h5'
    const chain = baseChain()
    const ctx = fakeCtx()
    ctx.register({ name: 'modifyWebpackChain', fn: h5PlatformCallback })
    taroQQRunData(ctx)
    ctx.apply('modifyWebpackChain', { chain })
    expect(taroApiOptions(chain).definition.apis).not.toHaveProperty('getQQRunData')
  })

  it('changes nothing when the definition no longer lists getQQRunData', () => {
    const chain = build('h5', baseChain())
    const options = babelOptions(chain)
    build('h5', chain, { h5: false })
    expect(babelOptions(chain)).toBe(options)
    expect(warn).not.toHaveBeenCalled()
  })

  it('logs nothing when it did its job', () => {
    build('h5', baseChain())
    expect(warn).not.toHaveBeenCalled()
  })

  it('warns once when the H5 build has no babel-plugin-transform-taroapi', () => {
    build('h5', baseChain(), { h5: false })
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0][0]).toMatch(/^\[taro-qq-run-data\/taro-plugin\] babel-plugin-transform-taroapi was not found/)
  })
})

describe.each(['qq', 'weapp', 'alipay', 'tt', 'rn', 'harmony'])('taro-qq-run-data/taro-plugin on a %s build', (platform) => {
  it('leaves the babel options untouched and logs nothing', () => {
    const chain = baseChain({ compact: false, plugins: [otherPlugin] })
    const options = babelOptions(chain)
    build(platform, chain)
    expect(babelOptions(chain)).toBe(options)
    expect(options).toEqual({ compact: false, plugins: [otherPlugin] })
    expect(warn).not.toHaveBeenCalled()
  })
})

describe('taro-qq-run-data/taro-plugin with a chain it does not know', () => {
  const scriptRuleOnly = () => {
    const chain = new Config()
    chain.module.rule('script').test(/\.[tj]sx?$/i)
    return chain
  }
  it.each<[string, () => Config]>([
    ['no script rule', () => new Config()],
    ['a script rule without babelLoader', () => scriptRuleOnly()],
    ['a babelLoader without options', () => baseChain(undefined)],
    ['babel options without plugins', () => baseChain({ compact: false })],
    ['babel options whose plugins are not a list', () => baseChain({ plugins: 'taroapi' })],
    ['plugins given by name', () => baseChain({ plugins: ['taroapi', taroApi] })],
    ['a plugin entry without options', () => baseChain({ plugins: [[taroApi]] })],
    ['a plugin entry with null options', () => baseChain({ plugins: [[taroApi, null]] })],
    ['options without a definition', () => baseChain({ plugins: [[taroApi, { packageName: '@tarojs/taro' }]] })],
    ['a definition without apis', () => baseChain({ plugins: [[taroApi, { definition: { components: {} } }]] })],
  ])('does nothing with %s', (_, make) => {
    const chain = make()
    const before = chain.toConfig()
    expect(() => build('weapp', chain)).not.toThrow()
    expect(chain.toConfig()).toEqual(before)
    expect(warn).not.toHaveBeenCalled()
  })

  it('warns on H5 when it finds nothing to change', () => {
    build('h5', new Config(), { h5: false })
    expect(warn).toHaveBeenCalledTimes(1)
  })
})

describe('taro-qq-run-data/taro-plugin on a vite build', () => {
  const viteBuild = (platform: string) => {
    process.env.TARO_ENV = platform
    const ctx = fakeCtx()
    taroQQRunData(ctx)
    ctx.apply('modifyViteConfig', { viteConfig: { plugins: [] } })
  }

  it('warns on H5 that only webpack5 is covered', () => {
    viteBuild('h5')
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0][0]).toMatch(/only the webpack5 compiler is covered/)
  })

  it.each(['qq', 'weapp'])('logs nothing on %s', (platform) => {
    viteBuild(platform)
    expect(warn).not.toHaveBeenCalled()
  })
})

describe('the published taro-qq-run-data/taro-plugin', () => {
  const root = join(__dirname, '../..')

  it('is found by path, as Taro resolves plugins (the `resolve` package ignores the exports map)', () => {
    expect(existsSync(join(root, 'taro-plugin.js'))).toBe(true)
    const loaded = require(join(root, 'taro-plugin.js'))
    // Taro calls `exports.__esModule ? exports.default : exports`.
    expect(loaded.__esModule).toBeUndefined()
    expect(typeof loaded).toBe('function')
  })

  it('is the same function through the exports map', () => {
    expect(require('taro-qq-run-data/taro-plugin')).toBe(require(join(root, 'taro-plugin.js')))
  })
})
