// Packs the package as npm would publish it, then lints the tarball: publint for the
// package.json and exports map, @arethetypeswrong/cli for the types of every entry under every
// module resolution mode.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const dir = mkdtempSync(join(tmpdir(), 'taro-qq-run-data-pack-'))
const run = (command, args) => execFileSync(command, args, { stdio: 'inherit' })
try {
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { encoding: 'utf8' }),
  )
  const tarball = join(dir, filename)
  run('npx', ['--no-install', 'publint', 'run', tarball, '--strict'])
  // The /types entry is a declaration-only augmentation with no JavaScript behind it.
  run('npx', ['--no-install', 'attw', tarball, '--exclude-entrypoints', './types'])
} finally {
  rmSync(dir, { recursive: true, force: true })
}
