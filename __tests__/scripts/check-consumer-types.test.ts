// scripts/check-consumer-types.mjs (run by `npm run typecheck` on this package) fails when a
// published declaration names a type that is not published: shown on a copy of the built package
// whose root declarations have one such name added.
import { spawnSync } from 'node:child_process'
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const ROOT = join(__dirname, '..', '..')

it('fails on a name in the published declarations that nothing publishes, in every resolution', () => {
  const dir = mkdtempSync(join(tmpdir(), 'consumer-types-'))
  try {
    for (const path of ['package.json', 'README.md', 'README.zh-CN.md', 'LICENSE', 'dist', 'types', 'taro-plugin.js', 'polyfill'])
      cpSync(join(ROOT, path), join(dir, path), { recursive: true })
    for (const file of ['index.d.mts', 'index.d.cts']) appendFileSync(join(dir, 'dist', file), '\nexport declare const runtime: QQRuntime;\n')
    const { status, stdout, stderr } = spawnSync(process.execPath, [join(ROOT, 'scripts', 'check-consumer-types.mjs'), '--package', dir], { encoding: 'utf8' })
    expect(status).toBe(1)
    expect(stdout).toBe('')
    for (const mode of ['nodenext', 'bundler', 'node10'])
      for (const taro of ['with', 'without']) expect(stderr).toContain(`consumer types (${mode}, ${taro} @tarojs/taro):\n`)
    expect(stderr).toMatch(/node_modules\/taro-qq-run-data\/dist\/index\.d\.cts\(\d+,\d+\): error TS2304: Cannot find name 'QQRuntime'\./)
    expect(stderr).toMatch(/node_modules\/taro-qq-run-data\/dist\/index\.d\.mts\(\d+,\d+\): error TS2304: Cannot find name 'QQRuntime'\./)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}, 120_000)
