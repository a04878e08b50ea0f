// node bench/real-build-size.mjs [--save]   (npm run bench runs it last)
//
// The bytes the library adds to a real app: a Taro 4.2 production `qq` build (webpack5, terser
// on) of a one-page app, built without the library and with each way of using it, from the
// packed tarball installed in examples/taro-app. Mini-program packages are limited by raw bytes,
// so both the raw and the gzip size of all emitted .js are reported. Writes
// bench/.results/real-build-size.json (ignored); with --save, also the `realBuild` key of the
// committed bench/results.json.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { gzipSync } from 'node:zlib'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const appDir = join(root, 'examples', 'taro-app')
const { values: flags } = parseArgs({ options: { save: { type: 'boolean' } } })
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

/** One page per variant; the button keeps the call reachable so no minifier drops it. */
const variants = {
  'without the library': { imports: '', call: 'Promise.resolve()' },
  "getQQRunData + 'taro-qq-run-data/polyfill'": {
    imports: "import { getQQRunData } from 'taro-qq-run-data'\nimport 'taro-qq-run-data/polyfill'",
    call: 'getQQRunData()',
  },
  getRunData: { imports: "import { getRunData } from 'taro-qq-run-data'", call: 'getRunData()', needs: 'getRunData' },
}

const page = ({ imports, call }) => `import { View } from '@tarojs/components'
${imports}

export default function Index() {
  const tap = () => ${call}.then(() => {}, () => {})
  return <View onClick={tap}>steps</View>
}
`

function run(cmd, args, options) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', ...options, env: { ...process.env, ...options.env } })
  if (result.status !== 0) throw new Error(`\`${cmd} ${args.join(' ')}\` exited with ${result.status}\n${(result.stdout + result.stderr).slice(-3000)}`)
  return result.stdout
}

const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]))

/** Raw and gzip bytes of every .js file the build wrote, summed (each file ships on its own). */
function jsBytes(outDir) {
  const files = walk(outDir).filter((file) => file.endsWith('.js'))
  return files.reduce(
    (sum, file) => {
      const code = readFileSync(file)
      return { raw: sum.raw + code.length, gzip: sum.gzip + gzipSync(code, { level: 9 }).length }
    },
    { raw: 0, gzip: 0 },
  )
}

// The example app's own lockfile, then the tarball of this checkout, as a user installs it.
if (!existsSync(join(appDir, 'node_modules', '.package-lock.json'))) run(npm, ['ci', '--include=dev', '--no-audit', '--no-fund'], { cwd: appDir })
const packDir = join(tmpdir(), `taro-qq-run-data-size-${process.pid}`)
mkdirSync(packDir, { recursive: true })
try {
  const [{ filename }] = JSON.parse(run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { cwd: root }))
  run(npm, ['install', '--no-save', '--no-audit', '--no-fund', join(packDir, filename)], { cwd: appDir })
} finally {
  rmSync(packDir, { recursive: true, force: true })
}
const library = await import(pathToFileURL(join(appDir, 'node_modules', 'taro-qq-run-data', 'dist', 'index.mjs')).href)

// Each variant is an app of its own inside the example app (outside node_modules, which Taro's
// babel rule skips), so it resolves the
// same Taro, React and library; only its page differs.
const work = join(appDir, '.bench-size')
rmSync(work, { recursive: true, force: true })
const sizes = {}
for (const [name, variant] of Object.entries(variants)) {
  if (variant.needs && !(variant.needs in library)) {
    sizes[name] = { pending: `this version of the library has no ${variant.needs}` }
    continue
  }
  const dir = join(work, String(Object.keys(sizes).length))
  mkdirSync(join(dir, 'src', 'pages', 'index'), { recursive: true })
  mkdirSync(join(dir, 'config'))
  writeFileSync(join(dir, 'babel.config.js'), "module.exports = { presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]] }\n")
  writeFileSync(join(dir, 'project.config.json'), readFileSync(join(appDir, 'project.qq.json')))
  writeFileSync(
    join(dir, 'config', 'index.js'),
    `module.exports = () => ({
  projectName: 'size', designWidth: 750, deviceRatio: { 750: 1 }, sourceRoot: 'src', outputRoot: 'dist',
  framework: 'react', compiler: 'webpack5', cache: { enable: false }, logger: { quiet: true, stats: false },
  terser: { enable: true }, csso: { enable: true }, mini: {},
})
`,
  )
  writeFileSync(join(dir, 'src', 'app.config.js'), "export default { pages: ['pages/index/index'] }\n")
  writeFileSync(join(dir, 'src', 'app.js'), 'export default function App({ children }) { return children }\n')
  writeFileSync(join(dir, 'src', 'pages', 'index', 'index.config.js'), 'export default {}\n')
  writeFileSync(join(dir, 'src', 'pages', 'index', 'index.jsx'), page(variant))
  const env = { NODE_ENV: 'production', TARO_ENV: '', NODE_OPTIONS: '' }
  run(process.execPath, [join(appDir, 'node_modules', '@tarojs', 'cli', 'bin', 'taro'), 'build', '--type', 'qq'], { cwd: dir, env })
  sizes[name] = jsBytes(join(dir, 'dist'))
}
rmSync(work, { recursive: true, force: true })

const baseline = sizes['without the library']
const taro = JSON.parse(readFileSync(join(appDir, 'node_modules', '@tarojs', 'cli', 'package.json'), 'utf8')).version
const results = { build: `Taro ${taro}, webpack5, terser, taro build --type qq, all emitted .js`, sizes: {} }
const lines = [`real build size (${results.build})`]
const fmt = (n) => n.toLocaleString('en-US')
const signed = (n) => (n >= 0 ? '+' : '') + fmt(n)
for (const [name, size] of Object.entries(sizes)) {
  if (size.pending) {
    results.sizes[name] = size
    lines.push(`  ${name.padEnd(44)} pending: ${size.pending}`)
    continue
  }
  const added = name === 'without the library' ? undefined : { raw: size.raw - baseline.raw, gzip: size.gzip - baseline.gzip }
  results.sizes[name] = { ...size, ...(added && { added }) }
  lines.push(
    `  ${name.padEnd(44)} ${fmt(size.raw).padStart(8)} B raw ${fmt(size.gzip).padStart(7)} B gzip` +
      (added ? `   ${signed(added.raw)} B raw, ${signed(added.gzip)} B gzip` : ''),
  )
}
console.log(lines.join('\n'))
mkdirSync(join(root, 'bench', '.results'), { recursive: true })
writeFileSync(join(root, 'bench', '.results', 'real-build-size.json'), JSON.stringify(results, null, 2) + '\n')
if (flags.save) {
  const file = join(root, 'bench', 'results.json')
  const saved = JSON.parse(readFileSync(file, 'utf8'))
  writeFileSync(file, JSON.stringify({ ...saved, realBuild: results }, null, 2) + '\n')
  console.log(`saved to ${relative(root, file)}`)
}
