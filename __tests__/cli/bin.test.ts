// The built command, as users run it: `node dist/cli.mjs …` after `npm run build` (which
// `npm test` and `npm run test:unit` run first), and `qq-run-data` installed from the packed tarball.
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { version } from '../../package.json'
import { APP_ID, nowSeconds, runData } from '../fixtures/run-data'
import { capture, captureWithPlus, CLI, connect, decryptArgs, OTHER_KEY, portsIn, SESSION_KEY, spawnCli } from './helpers'

jest.setTimeout(30000)

let dir: string
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'qq-run-data-bin-'))))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const json = JSON.stringify(capture(runData(30)))

describe('dist/cli.mjs', () => {
  it('is an executable ES module that runs under node', () => {
    const source = readFileSync(CLI, 'utf8')
    expect(source.startsWith('#!/usr/bin/env node\n')).toBe(true)
    expect(statSync(CLI).mode & 0o111).toBe(0o111)
    // The library comes from the built entries beside it, never as a second bundled copy.
    const imports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map((match) => match[1])
    expect(imports.filter((from) => !from!.startsWith('node:')).sort()).toEqual(['./index.mjs', './server.mjs', './testing.mjs'])
    // (The CLI deciphers once on its own, only to name the appid of data made for another app.)
    expect(source).not.toMatch(/function openData|function callWithContract|function installRuntime|function mockQQRuntime/)
  })

  it('prints the help and the version', async () => {
    const help = await spawnCli(['--help'])
    expect(help).toMatchObject({ code: 0, stderr: '' })
    expect(help.stdout).toMatch(/^Usage: qq-run-data <decrypt\|demo> \[options\]\n/)
    expect(await spawnCli(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' })
    expect((await spawnCli(['decrypt', '-h'])).stdout).toContain('--session-key <key>')
  })

  it.each([
    [[], 'missing command'],
    [['show'], "unknown command 'show'"],
    [['decrypt', '--app-id', APP_ID, '--sessionkey', SESSION_KEY], "unknown option '--sessionkey'"],
    [['decrypt', '--session-key', SESSION_KEY, '-'], 'missing --app-id <appid>'],
    [['decrypt', '--app-id', APP_ID, '--session-key'], "option '--session-key <value>' argument missing"],
  ])('%j prints a short usage error and exits 2', async (args, message) => {
    const { code, stdout, stderr } = await spawnCli(args)
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' })
    expect(stderr).toMatch(new RegExp(`^qq-run-data: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\nUsage: qq-run-data `))
    expect(stderr).toMatch(/\nRun 'qq-run-data( decrypt)? --help' for more\.\n$/)
  })

  it('decrypts data from stdin into the table, the chart and the totals, without colour in a pipe', async () => {
    const { code, stdout, stderr } = await spawnCli(decryptArgs(), { input: json })
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    expect(stdout).toMatch(/^date {8}day {2}steps\n2024-06-01 {2}Sat {2}1,000 {2}█/)
    expect(stdout.split('\n').filter((line) => /^\d{4}-/.test(line))).toHaveLength(30)
    expect(stdout).toMatch(/\n30 days · total 73,500 · average 2,450 a day\nbest {4}2024-06-30 Sun {2}3,900\nlatest {2}2024-06-30 Sun {2}3,900\n$/)
    expect(stdout).not.toContain('\u001b[')
  })

  it('reads the session key from the QQ_SESSION_KEY environment variable', async () => {
    const { code, stdout, stderr } = await spawnCli(['decrypt', '--app-id', APP_ID], { input: json, env: { QQ_SESSION_KEY: SESSION_KEY } })
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    expect(stdout).toContain('30 days · total 73,500')
  })

  it('decrypts data from a file into JSON with --json', async () => {
    const path = join(dir, 'captured.json')
    writeFileSync(path, json + '\n')
    const { code, stdout } = await spawnCli(decryptArgs('--json', '--data', path))
    expect(code).toBe(0)
    const { data, days, summary } = JSON.parse(stdout)
    expect(data.stepInfoList).toEqual(runData(30).stepInfoList)
    expect(days).toHaveLength(30)
    expect(summary).toMatchObject({ days: 30, total: 73500, average: 2450 })
  })

  const plus = captureWithPlus()
  const stale = nowSeconds() - 86400
  it.each<[string, string[], string]>([
    ['INVALID_INPUT', ['--session-key', 'c2hvcnQ='], json],
    ['INVALID_INPUT', ['--iv', plus.iv], plus.encryptedData.replace(/\+/g, ' ')],
    ['DECRYPT_FAILED', ['--session-key', OTHER_KEY], json],
    ['INVALID_PAYLOAD', [], JSON.stringify(capture({ openGId: 'G', watermark: runData().watermark }))],
    ['APPID_MISMATCH', ['--app-id', '1100000000'], json],
    ['EXPIRED', ['--max-age', '600'], JSON.stringify(capture(runData(3, { timestamp: stale })))],
  ])('prints %s with advice and no stack, and exits 1', async (errorCode, args, input) => {
    const { code, stdout, stderr } = await spawnCli([...decryptArgs(), ...args], { input })
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' })
    expect(stderr).toMatch(new RegExp(`^qq-run-data: ${errorCode}: [^\\n]+\\nadvice: [^\\n]+\\n$`))
  })

  describe('control characters from the data reach the terminal escaped', () => {
    // An appid that would clear the screen, ring the bell and open a C1 control sequence.
    const appid = '\u001b[2J\u0007\u009b31m\u007f'
    const hostile = JSON.stringify(capture(runData(1, { appid })))

    it('in the appid the data was made for', async () => {
      const { code, stdout, stderr } = await spawnCli(decryptArgs(), { input: hostile })
      expect({ code, stdout }).toEqual({ code: 1, stdout: '' })
      expect(stderr).toContain('(the data was made for appid \\u001b[2J\\u0007\\u009b31m\\u007f)\nadvice: ')
      expect(stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/)
    })

    it('in the JSON of --json', async () => {
      const { code, stdout, stderr } = await spawnCli(['decrypt', '--app-id', appid, '--session-key', SESSION_KEY, '--json'], { input: hostile })
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
      expect(stdout).toContain('"appid": "\\u001b[2J\\u0007\\u009b31m\\u007f"')
      expect(stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/)
      expect(JSON.parse(stdout).data.watermark.appid).toBe(appid)
    })

    it('in what the JSON parser quotes from data that is not JSON', async () => {
      const { code, stdout, stderr } = await spawnCli(decryptArgs(), { input: '{"a":\u001b[2J}' })
      expect({ code, stdout }).toEqual({ code: 1, stdout: '' })
      expect(stderr).toMatch(/^qq-run-data: the data starts like JSON but is not JSON \(.*\\u001b\[2J/)
      expect(stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/)
    })
  })

  it("advises on the '+' that became a space", async () => {
    const { stderr } = await spawnCli(decryptArgs('--iv', plus.iv), { input: plus.encryptedData.replace(/\+/g, ' ') })
    expect(stderr).toMatch(/^qq-run-data: INVALID_INPUT: decryptRunData: encryptedData contains a space .*\nadvice: A '\+' became a space/)
  })

  it('prints the stack trace with --debug only', async () => {
    const { code, stderr } = await spawnCli(decryptArgs('--session-key', OTHER_KEY, '--debug'), { input: json })
    expect(code).toBe(1)
    expect(stderr).toMatch(/^qq-run-data: DECRYPT_FAILED: .*\nadvice: .*\nRunDataError: .*\n {4}at .*dist\/server\.mjs/)
  })

  it('runs the demo, exits 0 and leaves no port open', async () => {
    const { code, stdout, stderr } = await spawnCli(['demo'])
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    for (const step of [
      '① loginAndGetRunData → qq.login → code mock-code-',
      '② loginAndGetRunData → qq.getQQRunData → ',
      "③ POST /steps { platform: 'qq', code, encryptedData, iv } → 30 days (the code exchange and the session key stay on the server)\n",
      "④ onRunData stores one row per (openid, date): the backend's store holds 30 rows\n",
      '⑤ a fresh login, one bit of encryptedData flipped, POST /steps → 400 {"error":"invalid run data"}, as for any bad data\n',
      '① loginAndGetRunData → wx.login → code mock-code-',
      "③ POST /steps { platform: 'weapp', code, encryptedData, iv } → 31 days (the code exchange and the session key stay on the server)\n",
      "④ onRunData stores one row per (openid, date): the backend's store holds 61 rows\n",
    ])
      expect(stdout).toContain(step)
    expect(stdout).toContain('\na browser (h5): loginAndGetRunData → loginAndGetRunData:fail not supported on h5; ')
    const ports = portsIn(stdout)
    expect(ports).toHaveLength(2)
    for (const port of ports) expect(await connect(port)).toBe('ECONNREFUSED')
  })

  it('works as `qq-run-data` installed from the packed tarball', () => {
    const run = (command: string, args: string[], cwd = dir) => execFileSync(command, args, { cwd, encoding: 'utf8' })
    const [{ filename }] = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], join(__dirname, '..', '..')))
    const app = join(dir, 'app')
    run('mkdir', [app])
    writeFileSync(join(app, 'package.json'), '{ "name": "app", "private": true }')
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(dir, filename)], app)
    const bin = join(app, 'node_modules', '.bin', 'qq-run-data')
    expect(run(bin, ['--version'], app)).toBe(`${version}\n`)
    expect(run(bin, ['demo'], app)).toContain("③ POST /steps { platform: 'qq', code, encryptedData, iv } → 30 days")
  })
})

describe('src/cli/bin.ts', () => {
  it('ends quietly when the reader closes the pipe early, and lets other write errors through', () => {
    const before = process.stdout.listeners('error')
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never)
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
    const argv = process.argv
    try {
      process.argv = [process.execPath, CLI, '--version']
      jest.isolateModules(() => require('../../src/cli/bin'))
      const [added] = process.stdout.listeners('error').filter((listener) => !before.includes(listener))
      const failed = (code: string) => Object.assign(new Error(`write ${code}`), { code })
      added!.call(process.stdout, failed('EPIPE'))
      expect(exit).toHaveBeenCalledWith()
      expect(() => added!.call(process.stdout, failed('EIO'))).toThrow('write EIO')
      process.stdout.off('error', added as (error: Error) => void)
    } finally {
      process.argv = argv
      process.exitCode = undefined
      exit.mockRestore()
      write.mockRestore()
    }
  })

  it('exits 0 without a stack trace when its output is cut short, as by | head', async () => {
    const child = spawn(process.execPath, [CLI, 'demo'], { env: { PATH: process.env.PATH } })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
    child.stdout.once('data', () => child.stdout.destroy())
    const code = await new Promise((resolve) => child.on('close', resolve))
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
  })

  it('runs main with the process, and sets the exit code instead of exiting', async () => {
    const argv = process.argv
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
    try {
      process.argv = [process.execPath, CLI, '--version']
      jest.isolateModules(() => require('../../src/cli/bin'))
      // main answers --version without any I/O to wait for: its promise settles before the next turn.
      await new Promise((resolve) => setImmediate(resolve))
      expect(write).toHaveBeenCalledWith(`${version}\n`)
      expect(process.exitCode).toBe(0)
    } finally {
      process.argv = argv
      process.exitCode = undefined
      write.mockRestore()
    }
  })
})
