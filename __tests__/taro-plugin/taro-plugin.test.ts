import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import taroQQRunData from '../../src/taro-plugin'

// Each fixture laid out as an installed @tarojs/plugin-platform-h5 (`index.js`, and
// `dist/definition.json` as published, when it has one), in a folder of its own for this run:
// the published files are kept in git as <name>.definition.json, outside any dist/ folder.
const PUBLISHED = join(__dirname, '../fixtures/plugin-platform-h5')
const fixtures = mkdtempSync(join(tmpdir(), 'plugin-platform-h5-'))
for (const name of ['4.2.1', '3.6.40', 'no-apis', 'no-definition']) {
  const dir = join(fixtures, name, '@tarojs/plugin-platform-h5')
  mkdirSync(join(dir, 'dist'), { recursive: true })
  writeFileSync(join(dir, 'index.js'), 'module.exports = {}\n')
  const definition = join(PUBLISHED, `${name}.definition.json`)
  if (existsSync(definition)) copyFileSync(definition, join(dir, 'dist', 'definition.json'))
}
afterAll(() => rmSync(fixtures, { recursive: true, force: true }))
/** Where Taro's Kernel finds the H5 platform: `resolve.sync('@tarojs/plugin-platform-h5')` from the app. */
const platformPath = (fixture: string) => join(fixtures, fixture, '@tarojs/plugin-platform-h5/index.js')
const definitionFile = (fixture: string) => join(fixtures, fixture, '@tarojs/plugin-platform-h5/dist/definition.json')
/** What the platform hands to babel-plugin-transform-taroapi: `require(libraryDefinition)`. */
const platformDefinition = (fixture: string): { apis: Record<string, unknown> } => require(definitionFile(fixture))
const published = (fixture: string): { apis: Record<string, unknown> } => JSON.parse(readFileSync(definitionFile(fixture), 'utf8'))

/** A plugin context with the given plugins registered, that runs the build-start hooks as Taro does. */
function fakeCtx(paths: unknown[]) {
  const onBuildStart: (() => void)[] = []
  return {
    plugins: new Map(paths.map((path, i) => [`plugin-${i}`, { path } as { path: string }])),
    onBuildStart: (fn: () => void) => void onBuildStart.push(fn),
    startBuild: () => onBuildStart.forEach((fn) => fn()),
  }
}

/** Like `taro build --type <platform>`: the CLI registers that platform's plugin, then starts the build. */
function build(platform: string, paths: unknown[]) {
  process.env.TARO_ENV = platform
  const ctx = fakeCtx(paths)
  taroQQRunData(ctx)
  ctx.startBuild()
}

const savedEnv = process.env.TARO_ENV
let warn: jest.SpyInstance
beforeEach(() => {
  // A fresh copy of each definition.json per test, as a new `taro build` process would load it.
  jest.resetModules()
  warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
})
afterEach(() => {
  warn.mockRestore()
  if (savedEnv === undefined) delete process.env.TARO_ENV
  else process.env.TARO_ENV = savedEnv
})

describe.each(['4.2.1', '3.6.40'])('taro-qq-run-data/taro-plugin with @tarojs/plugin-platform-h5 %s', (version) => {
  const h5 = platformPath(version)

  it('lists getQQRunData and getWeRunData in the published definition (what the plugin is for)', () => {
    expect(published(version).apis).toHaveProperty('getQQRunData')
    expect(published(version).apis).toHaveProperty('getWeRunData')
  })

  it("takes getQQRunData and getWeRunData off the definition the platform requires, when the build starts", () => {
    build('h5', ['/app/node_modules/@tarojs/plugin-framework-react/index.js', h5])
    expect(platformDefinition(version).apis).not.toHaveProperty('getQQRunData')
    expect(platformDefinition(version).apis).not.toHaveProperty('getWeRunData')
  })

  it('keeps every other API and every component', () => {
    const { apis, ...rest } = published(version)
    const { getQQRunData: _qq, getWeRunData: _we, ...others } = apis
    build('h5', [h5])
    expect(platformDefinition(version)).toEqual({ ...rest, apis: others })
    expect(Object.keys(platformDefinition(version).apis)).toEqual(expect.arrayContaining(['request', 'login', 'getSystemInfo']))
  })

  it('changes nothing before the build starts', () => {
    process.env.TARO_ENV = 'h5'
    taroQQRunData(fakeCtx([h5]))
    expect(platformDefinition(version)).toEqual(published(version))
  })

  it('logs nothing when it did its job, and nothing on a second build in the same process', () => {
    build('h5', [h5])
    build('h5', [h5])
    expect(platformDefinition(version).apis).not.toHaveProperty('getQQRunData')
    expect(warn).not.toHaveBeenCalled()
  })
})

describe.each(['qq', 'weapp', 'alipay', 'tt', 'rn', 'harmony'])('taro-qq-run-data/taro-plugin on a %s build', (platform) => {
  it('logs nothing: Taro registers no H5 platform there', () => {
    build(platform, [`/app/node_modules/@tarojs/plugin-platform-${platform}/index.js`])
    expect(warn).not.toHaveBeenCalled()
  })

  it('leaves the H5 definition as published', () => {
    build(platform, [])
    expect(platformDefinition('4.2.1')).toEqual(published('4.2.1'))
  })
})

describe('taro-qq-run-data/taro-plugin on an H5 build it does not know', () => {
  const warning =
    "[taro-qq-run-data/taro-plugin] found no API definition of @tarojs/plugin-platform-h5 to change, so Taro.getQQRunData and Taro.getWeRunData may still be Taro's H5 placeholders. Call getQQRunData from 'taro-qq-run-data' instead."

  it.each<[string, unknown[]]>([
    ['no @tarojs/plugin-platform-h5 among the plugins', ['/app/node_modules/@tarojs/plugin-platform-harmony-hybrid/index.js']],
    ['registered plugins without a path', [undefined, 42]],
    ['a platform without dist/definition.json', [platformPath('no-definition')]],
    ['a definition without apis', [platformPath('no-apis')]],
  ])('warns once with %s', (_, paths) => {
    build('h5', paths)
    expect(warn.mock.calls).toEqual([[warning]])
  })

  it('leaves a definition without apis as it was', () => {
    build('h5', [platformPath('no-apis')])
    expect(platformDefinition('no-apis')).toEqual({ components: {} })
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
