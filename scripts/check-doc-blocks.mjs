// Type-checks every ```ts and ```tsx block of the READMEs and docs/ (docs/api/ is generated from
// the sources, which are checked already) against the built package, as an app that installed it
// imports it (`taro-qq-run-data` resolves to this folder through scripts/link-self.mjs), with
// `strict`. Each block is a module of its own. A block that is not meant to compile alone says so
// where a reader sees it: the info string `ts fragment` (or `tsx fragment`), or an
// `<!-- fragment -->` comment on the line before the fence.
//
//   node scripts/check-doc-blocks.mjs            every README*.md and docs/**/*.md
//   node scripts/check-doc-blocks.mjs a.md b.md  those files only
//
// Run by `npm run typecheck`, after `npm run build`.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** The Markdown files whose blocks are checked: the READMEs and docs/, without the generated reference. */
export function markdownFiles() {
  const walk = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) return path == join(root, 'docs', 'api') ? [] : walk(path)
      return entry.name.endsWith('.md') ? [path] : []
    })
  const readmes = readdirSync(root).filter((name) => /^README.*\.md$/.test(name)).map((name) => join(root, name))
  return [...readmes, ...walk(join(root, 'docs'))]
}

/** The ts/tsx blocks of a Markdown text: `{ lang, line, code }`, `line` being the first code line (1-based). */
export function codeBlocks(text) {
  const lines = text.split('\n')
  const blocks = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})(.*)$/.exec(lines[i])
    if (!open) continue
    const [, indent, fence, info] = open
    let end = i + 1
    while (end < lines.length && !new RegExp(`^\\s*${fence}\\s*$`).test(lines[end])) end++
    const [lang, ...flags] = info.trim().split(/\s+/)
    const fragment = flags.includes('fragment') || /^\s*<!--\s*fragment\s*-->\s*$/.test(lines[i - 1] ?? '')
    if ((lang == 'ts' || lang == 'tsx') && !fragment)
      blocks.push({ lang, line: i + 2, code: lines.slice(i + 1, end).map((l) => l.slice(indent.length)).join('\n') })
    i = end
  }
  return blocks
}

/** Type-checks the blocks of `files`; resolves with one message per error, `file:line:col: message`. */
export function checkBlocks(files) {
  const virtual = new Map()
  files.forEach((file, f) =>
    codeBlocks(readFileSync(file, 'utf8')).forEach((block, b) => {
      // Virtual files inside this folder, so that `taro-qq-run-data` and @tarojs/taro resolve
      // from its node_modules as they do in an app.
      const name = join(root, '.doc-blocks', `${f}-${b}.${block.lang}`)
      virtual.set(name, { ...block, file })
    }),
  )
  const options = ts.convertCompilerOptionsFromJson(
    {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: 'es2022',
      lib: ['es2022', 'dom'],
      module: 'esnext',
      moduleResolution: 'bundler',
      moduleDetection: 'force',
      jsx: 'react-jsx',
      esModuleInterop: true,
      types: ['node', 'jest'],
      experimentalDecorators: true,
    },
    root,
  ).options
  const host = ts.createCompilerHost(options)
  const { getSourceFile, fileExists, readFile } = host
  host.fileExists = (name) => virtual.has(resolve(name)) || fileExists(name)
  host.readFile = (name) => virtual.get(resolve(name))?.code ?? readFile(name)
  host.getSourceFile = (name, version, ...rest) => {
    const block = virtual.get(resolve(name))
    return block ? ts.createSourceFile(name, block.code, version, true) : getSourceFile(name, version, ...rest)
  }
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host })
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n  ')
    const block = d.file && virtual.get(resolve(d.file.fileName))
    if (!block || d.start === undefined) return `${d.file ? relative(root, d.file.fileName) : 'tsc'}: ${message}`
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start)
    return `${relative(root, block.file)}:${block.line + line}:${character + 1}: TS${d.code} ${message}`
  })
}

if (process.argv[1] && resolve(process.argv[1]) == fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  const files = args.length ? args.map((file) => resolve(file)) : markdownFiles()
  const errors = checkBlocks(files)
  const count = files.reduce((n, file) => n + codeBlocks(readFileSync(file, 'utf8')).length, 0)
  if (errors.length) {
    console.error(`Code blocks of the docs that do not compile (mark a block that is not meant to with \`ts fragment\` or <!-- fragment -->):\n${errors.join('\n')}`)
    process.exit(1)
  }
  console.log(`doc blocks: ${count} ts/tsx blocks in ${files.length} files compile`)
}
