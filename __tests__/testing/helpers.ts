// What the testing kit's tests share: a fixed clock, one installed mock at a time, and native calls.

// A fixed clock: 2024-06-01 00:30 in Shanghai, which is still May 31st in UTC and in UTC+5, so
// a day computed in the wrong zone gives other timestamps.
export const NOW = 1717173000
export const fixClock = () => jest.spyOn(Date, 'now').mockReturnValue(NOW * 1000)

/**
 * `mock` wrapped so that whatever it installs is restored after each test, with the clock and
 * the timers put back too.
 */
export function installing<A extends unknown[], R extends { restore(): void }>(mock: (...args: A) => R) {
  const installed: R[] = []
  afterEach(() => {
    for (const runtime of installed.splice(0)) runtime.restore()
    jest.useRealTimers()
    jest.restoreAllMocks()
  })
  const install = (...args: A) => {
    const runtime = mock(...args)
    installed.push(runtime)
    return runtime
  }
  return { install, installed }
}

// Calls a mock's native API the way a mini-program does, callbacks in, and resolves with what
// reached `success` or `fail` (and checks that `complete` got the same object).
type NativeApi = (callbacks: { success(res: unknown): void; fail(res: unknown): void; complete(res: unknown): void }) => void

export interface NativeAnswer {
  ok: boolean
  res: Record<string, unknown>
}

export function callNative(global: string, method: string): Promise<NativeAnswer> {
  const host = (globalThis as unknown as Record<string, Record<string, NativeApi> | undefined>)[global]
  return new Promise((resolve, reject) => {
    let answer: NativeAnswer | undefined
    host![method]!({
      success: (res) => void (answer = { ok: true, res: res as Record<string, unknown> }),
      fail: (res) => void (answer = { ok: false, res: res as Record<string, unknown> }),
      complete: (res) => (answer && answer.res === res ? resolve(answer) : reject(new Error('complete got another object'))),
    })
  })
}
