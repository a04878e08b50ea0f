// Compiles an app that uses every entry of the package as npm would install it (the files
// `npm pack` lists, copied into a node_modules of its own), with `strict` and without
// `skipLibCheck`, under the module resolutions apps use (nodenext, bundler, node10), with and
// without @tarojs/taro installed. Any error inside this package's files, or in the app, fails it;
// errors inside other packages' declarations (Taro's own, say) are theirs and are not counted.
// Run by `npm run typecheck`, after `npm run build`.
//
//   node scripts/check-consumer-types.mjs [--package <dir>]
//     --package: install the package in <dir> instead of this one (the test of this check)
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const at = process.argv.indexOf('--package')
const packageDir = at > 0 ? resolve(process.argv[at + 1]) : root
const name = 'taro-qq-run-data'

// The app, one file per module kind. `/types` is an augmentation of @tarojs/taro and needs it;
// every other entry compiles without Taro.
const app = (taro, esm) => `${taro ? `/// <reference types="${name}/types" />\nimport Taro from '@tarojs/taro'\n` : ''}import {
  getQQRunData,
  loginAndGetRunData,
  isNotSupported,
  type RunDataFailResult,
  type RunDataPlatform,
} from '${name}'
import { createRunDataHandler, decryptRunData, type StepInfo } from '${name}/server'
import { mockQQRuntime, encryptOpenData, startFakeCode2SessionServer } from '${name}/testing'
import ${esm ? 'taroQQRunData' : 'taroQQRunData = require'}${esm ? ` from '${name}/taro-plugin'` : `('${name}/taro-plugin')`}
import '${name}/polyfill'

export async function use(): Promise<void> {
  const platform: RunDataPlatform = 'qq'
  const fail: RunDataFailResult = { errMsg: 'getQQRunData:fail', errCode: 1 }
  const { encryptedData, iv } = await loginAndGetRunData()
  await getQQRunData({ timeout: 1000 }).catch((res: unknown) => isNotSupported(res))
  const steps: StepInfo[] = decryptRunData({ encryptedData, iv, sessionKey: 'k', appId: 'a' }).stepInfoList
  void [platform, fail, steps, createRunDataHandler, mockQQRuntime, encryptOpenData, startFakeCode2SessionServer, taroQQRunData]
${
  taro
    ? `  await Taro.getQQRunData({ timeout: 1000, fail: (res) => void res.errCode })
  await Taro.getWeRunData({ fail: (res) => void res.errCode }).catch((res: Taro.getWeRunData.FailCallbackResult) => res.errCode)
`
    : ''
}}
`

// The files npm would publish, copied as a package would be installed.
function install(dir, taro) {
  const modules = join(dir, 'node_modules')
  const [{ files }] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: packageDir, encoding: 'utf8' }),
  )
  for (const { path } of files) {
    mkdirSync(dirname(join(modules, name, path)), { recursive: true })
    cpSync(join(packageDir, path), join(modules, name, path))
  }
  // Every other package of this project's node_modules, linked; @tarojs only when asked.
  for (const entry of readdirSync(join(root, 'node_modules'))) {
    if (entry == name || entry == '.bin' || entry.startsWith('.') || (entry == '@tarojs' && !taro)) continue
    symlinkSync(join(root, 'node_modules', entry), join(modules, entry), 'dir')
  }
}

const modes = [
  { module: 'nodenext', moduleResolution: 'nodenext', files: { 'app.mts': true, 'app.cts': false } },
  { module: 'esnext', moduleResolution: 'bundler', files: { 'app.ts': true } },
  { module: 'commonjs', moduleResolution: 'node10', files: { 'app.ts': true } },
]

let failures = 0
const host = ts.createCompilerHost({})
for (const taro of [true, false]) {
  const dir = mkdtempSync(join(tmpdir(), `${name}-consumer-`))
  try {
    install(dir, taro)
    for (const { module, moduleResolution, files } of modes) {
      const names = Object.entries(files).map(([file, esm]) => {
        writeFileSync(join(dir, file), app(taro, esm))
        return join(dir, file)
      })
      writeFileSync(join(dir, 'package.json'), '{"private":true}')
      const options = ts.convertCompilerOptionsFromJson(
        {
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          target: 'es2022',
          lib: ['es2022', 'dom'],
          types: ['node'],
          esModuleInterop: true,
          module,
          moduleResolution,
        },
        dir,
      ).options
      const program = ts.createProgram({ rootNames: names, options, host })
      const ours = (file) => {
        const path = relative(dir, file)
        return !path.startsWith('..') && (!path.startsWith(`node_modules${sep}`) || path.startsWith(join('node_modules', name, '')))
      }
      const errors = ts.getPreEmitDiagnostics(program).filter((d) => !d.file || ours(d.file.fileName))
      const label = `${moduleResolution}, ${taro ? 'with' : 'without'} @tarojs/taro`
      if (errors.length) {
        failures += errors.length
        console.error(`consumer types (${label}):`)
        console.error(
          ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => '\n' }),
        )
      } else console.log(`consumer types (${label}): ok`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
if (failures) process.exit(1)
