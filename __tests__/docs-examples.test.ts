// The test examples of the READMEs and docs/ run as tests: every ts block whose first line names
// a test file (`// steps.test.ts`) runs here, as written, with the package's entries resolved to
// the sources (jest.config.mjs). That they compile against the built package is
// scripts/check-doc-blocks.mjs's job.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'

const ROOT = join(__dirname, '..')
const markdown = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? (entry.name == 'api' ? [] : markdown(join(dir, entry.name))) : entry.name.endsWith('.md') ? [join(dir, entry.name)] : [],
  )

const examples = [join(ROOT, 'README.md'), join(ROOT, 'README.zh-CN.md'), ...markdown(join(ROOT, 'docs'))].flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/^```ts\n(\/\/ [\w.-]+\.test\.ts\n[\s\S]*?)^```$/gm)].map((match) => ({
    where: `${relative(ROOT, file)}:${readFileSync(file, 'utf8').slice(0, match.index).split('\n').length + 1}`,
    code: match[1]!,
  })),
)

it('finds the test examples of the README and of docs/testing.md, in both languages', () => {
  expect(examples.map(({ where }) => where.split(':')[0])).toEqual(
    expect.arrayContaining(['README.md', 'README.zh-CN.md', 'docs/testing.md', 'docs/zh-CN/testing.md']),
  )
})

describe.each(examples.map(({ where, code }) => [where, code]))('the example at %s', (_, code) => {
  const { outputText } = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } })
  // Its test(), beforeAll() and expect() are this file's: it registers its tests in this describe.
  new Function('require', 'exports', 'module', outputText)(require, {}, { exports: {} })
})
