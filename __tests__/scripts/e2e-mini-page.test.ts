import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

type MountedPage = {
  view(id: string): string | undefined
  tap(id: string): void
  until(ready: () => unknown, timeout?: number): Promise<unknown>
}
const { mountPage } = require('../../scripts/e2e-mini-page.cjs') as { mountPage(dir: string, route: string): MountedPage }

// A stand-in for a Taro mini-program build: app.js registers the app, the page renders through
// setData paths as Taro's runtime sends them, and its `eh` handles taps.
const appJs = 'App({ onLaunch() { globalThis.launched = true } })'
const pageJs = `Page({
  onLoad() {
    this.setData({ 'root.cn': [{ uid: 'title', cn: [{ v: 'Steps' }] }, { uid: 'count', cn: [{ v: '0' }] }] })
  },
  eh(event) {
    if (event.currentTarget.id === 'count') setTimeout(() => this.setData({ 'root.cn.[1].cn.[0].v': '1' }), 10)
  },
})`

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'e2e-mini-page-'))
  mkdirSync(join(dir, 'pages', 'steps'), { recursive: true })
  writeFileSync(join(dir, 'app.js'), appJs)
  writeFileSync(join(dir, 'pages', 'steps', 'index.js'), pageJs)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('mountPage (scripts/e2e-mini-page.cjs)', () => {
  it('launches the app, mounts the page and reads the text of an element by its id', () => {
    const page = mountPage(dir, 'pages/steps/index')
    expect((globalThis as { launched?: boolean }).launched).toBe(true)
    expect(page.view('title')).toBe('Steps')
    expect(page.view('missing')).toBeUndefined()
  })

  it("taps through the page's own handler and waits for what the tap renders", async () => {
    jest.resetModules()
    const page = mountPage(dir, 'pages/steps/index')
    page.tap('count')
    await expect(page.until(() => page.view('count') === '1', 1000)).resolves.toBe(true)
  })
})
