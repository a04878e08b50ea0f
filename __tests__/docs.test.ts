// The READMEs and docs/: their code blocks compile (scripts/check-doc-blocks.mjs, run by
// `npm run typecheck` over every file; here it is shown to catch a type error), their relative
// links resolve, in the repository and in the packed tarball, and the READMEs stay short.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, normalize, relative } from 'node:path'

const ROOT = join(__dirname, '..')
const SCRIPT = join(ROOT, 'scripts', 'check-doc-blocks.mjs')

function markdown(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? markdown(join(dir, entry.name)) : entry.name.endsWith('.md') ? [join(dir, entry.name)] : [],
  )
}
const READMES = ['README.md', 'README.zh-CN.md'].map((name) => join(ROOT, name))
const DOCS = [...READMES, ...markdown(join(ROOT, 'docs'))]

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')

function anchors(file: string): Set<string> {
  const seen = new Map<string, number>()
  const found = new Set<string>()
  let fenced = false
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced
    // HTML anchors, as the API reference writes them: <a id="…"></a>
    if (!fenced) for (const [, id] of line.matchAll(/<a (?:id|name)="([^"]+)"/g)) found.add(id!)
    const heading = !fenced && /^#{1,6}\s+(.*)$/.exec(line)
    if (!heading) continue
    const base = slug(heading[1]!)
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    found.add(n ? `${base}-${n}` : base)
  }
  return found
}

/** The relative links of a Markdown file (targets of `[text](target)`, outside code). */
function links(file: string): string[] {
  const text = readFileSync(file, 'utf8')
    .replace(/^\s*```[\s\S]*?^\s*```/gm, '')
    .replace(/`[^`\n]*`/g, '')
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!).filter((target) => !/^[a-z][a-z+.-]*:/i.test(target))
}

/** What is wrong with `target`, linked from `file`, given the files that exist; `undefined` when it resolves. */
function broken(file: string, target: string, exists: (path: string) => boolean): string | undefined {
  const [path, anchor] = target.split('#') as [string, string | undefined]
  const resolved = path ? normalize(join(dirname(file), decodeURIComponent(path))) : file
  if (!exists(resolved)) return `${relative(ROOT, file)}: ${target} (no such file)`
  if (anchor && resolved.endsWith('.md') && !anchors(resolved).has(decodeURIComponent(anchor)))
    return `${relative(ROOT, file)}: ${target} (no such heading)`
  return undefined
}

describe('code blocks', () => {
  let dir: string
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'doc-blocks-'))))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const check = (text: string) => {
    const file = join(dir, 'page.md')
    writeFileSync(file, text)
    const { status, stdout, stderr } = spawnSync(process.execPath, [SCRIPT, file], { cwd: ROOT, encoding: 'utf8' })
    return { status, output: stdout + stderr }
  }
  const good = "import { detectPlatform } from 'taro-qq-run-data'\n\nconst platform: string = detectPlatform()\n"
  const bad = "import { detectPlatform } from 'taro-qq-run-data'\n\nconst platform: number = detectPlatform()\n"

  it('fails on a type error in a ts block, naming the page, line and column', () => {
    const { status, output } = check(`# Page\n\n\`\`\`ts\n${good}\`\`\`\n\n\`\`\`ts\n${bad}\`\`\`\n`)
    expect(status).toBe(1)
    expect(output).toContain("page.md:12:7: TS2322 Type 'string' is not assignable to type 'number'.")
  })

  it('checks tsx blocks as well', () => {
    const { status, output } = check(`\`\`\`tsx\nconst n: number = 'x'\nexport const el = <div>{n}</div>\n\`\`\`\n`)
    expect(status).toBe(1)
    expect(output).toContain("page.md:2:7: TS2322 Type 'string' is not assignable to type 'number'.")
  })

  it('leaves out the blocks marked as fragments, by info string or by comment', () => {
    const { status, output } = check(
      `\`\`\`ts fragment\n${bad}\`\`\`\n\n<!-- fragment -->\n\`\`\`ts\n${bad}\`\`\`\n\n\`\`\`ts\n${good}\`\`\`\n\n\`\`\`sh\nnpm test\n\`\`\`\n`,
    )
    expect(output).toBe('doc blocks: 1 ts/tsx blocks in 1 files compile\n')
    expect(status).toBe(0)
  })
})

describe('links', () => {
  it.each(DOCS.map((file) => [relative(ROOT, file), file]))('every relative link of %s resolves', (_, file) => {
    expect(links(file).map((target) => broken(file, target, existsSync)).filter(Boolean)).toEqual([])
  })

  it('finds a link to a missing file or heading', () => {
    const dir = mkdtempSync(join(tmpdir(), 'doc-links-'))
    try {
      const file = join(dir, 'page.md')
      writeFileSync(file, '# A page\n\n## Its part\n\n<a id="here"></a>\n\n[ok](#its-part) [ok](page.md#a-page) [ok](#here) [no](#nothing) [no](gone.md) `[code](gone.md)`\n')
      expect(links(file).map((target) => broken(file, target, existsSync))).toEqual([
        undefined,
        undefined,
        undefined,
        `${relative(ROOT, file)}: #nothing (no such heading)`,
        `${relative(ROOT, file)}: gone.md (no such file)`,
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('every relative link of the packed READMEs resolves inside the tarball', () => {
    const [{ files }] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }),
    ) as [{ files: { path: string }[] }]
    const packed = new Set(files.map(({ path }) => join(ROOT, path)))
    const inTarball = (path: string) => packed.has(path) || [...packed].some((file) => file.startsWith(path + '/'))
    for (const readme of READMES) expect(packed.has(readme)).toBe(true)
    expect(READMES.flatMap((file) => links(file).map((target) => broken(file, target, inTarball))).filter(Boolean)).toEqual([])
  })
})

it.each(READMES.map((file) => [relative(ROOT, file), file]))('%s fits on a few screens (at most 250 lines)', (_, file) => {
  expect(statSync(file).size).toBeGreaterThan(0)
  expect(readFileSync(file, 'utf8').split('\n').length).toBeLessThanOrEqual(250)
})

it('the API reference in docs/api is the one `npm run docs` makes from the sources', () => {
  const out = mkdtempSync(join(tmpdir(), 'api-docs-'))
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--out', out, '--logLevel', 'Warn'], { cwd: ROOT, stdio: 'pipe' })
    const files = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile()).sort()
    const committed = join(ROOT, 'docs', 'api')
    expect(files(committed)).toEqual(files(out))
    const stale = files(out).filter((file) => readFileSync(join(out, file), 'utf8') != readFileSync(join(committed, file), 'utf8'))
    expect(stale).toEqual([]) // if not: run `npm run docs` and commit docs/api
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}, 120_000)

it("the README's picture of the steps page is a small PNG", () => {
  const png = readFileSync(join(ROOT, 'docs', 'images', 'steps-page.png'))
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  expect(png.length).toBeLessThan(50 * 1024)
})
