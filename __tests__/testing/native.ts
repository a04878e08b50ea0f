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
