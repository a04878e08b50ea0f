// Resolvers that ignore the exports map: webpack 4 (the default compiler of Taro 3.6), older
// Metro (React Native) and the `resolve` package that Taro loads plugins with. Each subpath an
// app's bundle or Taro's CLI imports has a file or folder at the package root for them.
import { realpathSync } from 'node:fs'
import { join, relative } from 'node:path'

type PackageJson = Record<string, unknown> & { main?: string }
const resolve: {
  sync(id: string, options: { basedir: string; packageFilter?: (pkg: PackageJson) => PackageJson }): string
} = require('resolve')

const root = join(__dirname, '..')

/** A classic resolver: the first of `mainFields` a package.json has becomes its `main`. */
const resolverWith = (mainFields: string[]) => (id: string) => {
  const packageFilter = (pkg: PackageJson) => {
    const field = mainFields.find((name) => typeof pkg[name] == 'string')
    return field ? { ...pkg, main: pkg[field] as string } : pkg
  }
  // node_modules/taro-qq-run-data links to the package root (scripts/link-self.mjs).
  return relative(root, realpathSync(resolve.sync(id, { basedir: root, packageFilter })))
}

const resolvers = {
  // webpack 4's defaults for the web target; Taro 3.6's runners put `module` before `main` too.
  'webpack 4': resolverWith(['browser', 'module', 'main']),
  // Metro's resolverMainFields default.
  Metro: resolverWith(['react-native', 'browser', 'main']),
}

describe.each([
  ['webpack 4', 'taro-qq-run-data', 'dist/index.mjs'],
  ['webpack 4', 'taro-qq-run-data/polyfill', 'dist/polyfill.mjs'],
  ['Metro', 'taro-qq-run-data', 'dist/index.cjs'],
  ['Metro', 'taro-qq-run-data/polyfill', 'dist/polyfill.cjs'],
] as const)('%s without the exports map', (resolver, id, file) => {
  it(`resolves ${id} to ${file}, the build its other imports of the package get`, () => {
    expect(resolvers[resolver](id)).toBe(file)
  })
})

describe('Taro loading the plugin with the `resolve` package', () => {
  it('finds taro-plugin.js for taro-qq-run-data/taro-plugin', () => {
    expect(resolverWith([])('taro-qq-run-data/taro-plugin')).toBe('taro-plugin.js')
  })
})
