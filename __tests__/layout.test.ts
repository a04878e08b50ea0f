// The layout is the architecture: src/ has one folder per runtime target, and code crosses from
// one target to another only through src/shared/. These checks read every source file's imports.
import { readdirSync, readFileSync } from 'node:fs'
import { join, posix, relative } from 'node:path'

const SRC = join(__dirname, '..', 'src')
const TARGETS = ['cli', 'client', 'server', 'shared', 'taro-plugin', 'testing']

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  )
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
function specifiers(file: string): string[] {
  // Comments go first: the JSDoc examples import the package as a user would.
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
  const found = [...text.matchAll(/^\s*(?:import|export)\b[^'";]*?\sfrom\s+['"]([^'"]+)['"]/gm)].map((match) => match[1]!)
  found.push(...[...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((match) => match[1]!))
  found.push(...[...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)].map((match) => match[1]!))
  return found
}

/** `[file, the target folder it imports from]` for every relative import, as paths under src/. */
const crossings = sources(SRC).flatMap((file) => {
  const from = relative(SRC, file).split('/')[0]!
  return specifiers(file)
    // The one import from outside src/: the CLI's --version, inlined at build time.
    .filter((specifier) => specifier.startsWith('.') && !specifier.endsWith('/package.json'))
    .map((specifier) => {
      const target = posix.normalize(posix.join(posix.dirname(relative(SRC, file)), specifier)).split('/')[0]!
      return { file: relative(SRC, file), from, target }
    })
})

describe('src/', () => {
  it('has exactly one folder per runtime target and no loose files', () => {
    expect(readdirSync(SRC).sort()).toEqual(TARGETS)
  })

  it.each(TARGETS.filter((target) => target != 'shared'))('%s/ imports from no other target except shared/', (target) => {
    const outside = crossings.filter((c) => c.from == target && c.target != target && c.target != 'shared')
    expect(outside).toEqual([])
  })

  it('client/ never imports shared/node/', () => {
    const node = sources(SRC)
      .filter((file) => relative(SRC, file).startsWith('client/'))
      .flatMap((file) => specifiers(file).filter((s) => s.includes('/shared/node/')).map((s) => `${relative(SRC, file)}: ${s}`))
    expect(node).toEqual([])
  })

  it('shared/ imports from no target at all', () => {
    expect(crossings.filter((c) => c.from == 'shared' && c.target != 'shared')).toEqual([])
  })

  // shared/node/ holds what only the Node targets share (a loopback server for the CLI and the
  // testing kit); everything else in shared/ may end up in a mini-program.
  it('client/ and shared/ (but shared/node/) import no Node built-in and no package but @tarojs/taro', () => {
    const bare = sources(SRC)
      .filter((file) => /^(client|shared)\//.test(relative(SRC, file)) && !relative(SRC, file).startsWith('shared/node/'))
      .flatMap((file) => specifiers(file).filter((s) => !s.startsWith('.') && s != '@tarojs/taro').map((s) => `${relative(SRC, file)}: ${s}`))
    expect(bare).toEqual([])
  })

  it('each index.ts is only a barrel', () => {
    const indexes = sources(SRC).filter((file) => file.endsWith('/index.ts'))
    expect(indexes.length).toBeGreaterThanOrEqual(4)
    for (const file of indexes) {
      const code = readFileSync(file, 'utf8')
        .replace(/\/\/.*$/gm, '')
        .replace(/^export (type )?\{[^}]*\} from '[^']+'\s*$/gm, '')
        .trim()
      expect({ file: relative(SRC, file), code }).toEqual({ file: relative(SRC, file), code: '' })
    }
  })
})
