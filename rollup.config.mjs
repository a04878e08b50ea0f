import typescript from '@rollup/plugin-typescript'
import { chmodSync } from 'node:fs'
import { join } from 'node:path'
import { dts } from 'rollup-plugin-dts'

// Entries that run inside a mini-program or a browser: ES2017, no Node built-ins.
const client = { index: 'src/client/index.ts', polyfill: 'src/client/polyfill.ts' }
// Node-only entries (Node >= 18): they may use node: built-ins.
const node = { server: 'src/server/index.ts', testing: 'src/testing/index.ts' }

const external = (id) => id.startsWith('node:') || id === '@tarojs/taro'

// Each build keeps its shared chunks in a folder of its own, so the two never overwrite each other.
const formats = (chunks) => [
  { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: `${chunks}/[name].mjs` },
  { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: `${chunks}/[name].cjs`, exports: 'named' },
]

// The client build type-checks only the client sources, without Node's types, so a Node API
// used by mistake fails the build.
const code = (input, target, chunks, files, types) => ({
  input,
  external,
  output: formats(chunks).map((format) => ({ dir: 'dist', ...format })),
  plugins: [
    typescript({
      tsconfig: 'tsconfig.json',
      include: [...files, 'types/**/*.d.ts'],
      compilerOptions: { target, noEmit: false, declaration: false, removeComments: true, types },
      noEmitOnError: true,
    }),
  ],
})

const declarations = (input, chunks) => ({
  input,
  external,
  output: [
    { dir: 'dist', entryFileNames: '[name].d.mts', chunkFileNames: `${chunks}/[name].d.mts` },
    { dir: 'dist', entryFileNames: '[name].d.cts', chunkFileNames: `${chunks}/[name].d.cts` },
  ],
  plugins: [dts({ tsconfig: 'tsconfig.json', compilerOptions: { types: [] } })],
})

// The `qq-run-data` command imports the package's own entries by name, as a user would, and the
// built file imports the built entries beside it instead of bundling second copies of them, so
// `qq-run-data demo` runs exactly the code that ships.
const builtEntries = {
  'taro-qq-run-data': './index.mjs',
  'taro-qq-run-data/server': './server.mjs',
  'taro-qq-run-data/testing': './testing.mjs',
}

// --version: only package.json's version is inlined, so dist/cli.mjs needs no file beside it.
const packageVersion = {
  name: 'package-version',
  transform: (code, id) =>
    id.endsWith('package.json') ? { code: `export const version = ${JSON.stringify(JSON.parse(code).version)}`, map: null } : null,
}

const executable = {
  name: 'executable',
  writeBundle: ({ dir }, bundle) => Object.keys(bundle).forEach((file) => chmodSync(join(dir, file), 0o755)),
}

const cli = {
  input: { cli: 'src/cli/bin.ts' },
  external: (id) => external(id) || id in builtEntries,
  output: { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', banner: '#!/usr/bin/env node', paths: builtEntries },
  plugins: [
    typescript({
      tsconfig: 'tsconfig.json',
      include: ['src/**/*.ts', 'types/**/*.d.ts'],
      compilerOptions: { target: 'ES2022', noEmit: false, declaration: false, removeComments: true, types: ['node'] },
      noEmitOnError: true,
    }),
    packageVersion,
    executable,
  ],
}

// The Taro CLI plugin. Taro `require`s a plugin and calls what it gets (or its `default` when
// `__esModule` is set), so the file is `module.exports = fn`, and its types must say `export =`.
const taroPluginInput = { 'taro-plugin': 'src/taro-plugin/index.ts' }
const exportEquals = {
  name: 'export-equals',
  renderChunk(code) {
    const re = /^export \{ (\w+) as default \};$/m
    if (!re.test(code)) this.error('expected `export { x as default };` in the declarations of the Taro plugin')
    return code.replace(re, 'export = $1;')
  },
}
const taroPlugin = [
  {
    input: taroPluginInput,
    output: { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', exports: 'default' },
    plugins: [
      typescript({
        tsconfig: 'tsconfig.json',
        include: ['src/taro-plugin/**/*.ts'],
        compilerOptions: { target: 'ES2022', noEmit: false, declaration: false, removeComments: true, types: ['node'] },
        noEmitOnError: true,
      }),
    ],
  },
  {
    input: taroPluginInput,
    output: { dir: 'dist', entryFileNames: '[name].d.cts' },
    plugins: [dts({ tsconfig: 'tsconfig.json', compilerOptions: { types: [] } }), exportEquals],
  },
]

export default [
  code(client, 'ES2017', 'client', ['src/client/**/*.ts', 'src/shared/**/*.ts'], []),
  declarations(client, 'client'),
  code(node, 'ES2022', 'node', ['src/server/**/*.ts', 'src/testing/**/*.ts', 'src/shared/**/*.ts'], ['node']),
  declarations(node, 'node'),
  cli,
  ...taroPlugin,
]
