// Installs and removes the globals a mini-program host injects, and the Taro build-time env.

type Global = Record<string, unknown>
export type RuntimeGlobal = 'qq' | 'wx' | 'my' | 'swan' | 'tt' | 'jd' | 'navigator' | 'window' | 'document'

const saved = new Map<string, PropertyDescriptor | undefined>()

/** Sets `globalThis[name]` until the next `resetRuntime()`. */
export function setGlobal(name: RuntimeGlobal, value: unknown): void {
  if (!saved.has(name)) saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name))
  Object.defineProperty(globalThis, name, { value, configurable: true, writable: true })
}

/** Removes every runtime global and the TARO_* variables, so each test starts from nothing. */
export function resetRuntime(): void {
  for (const [name, descriptor] of saved) {
    if (descriptor) Object.defineProperty(globalThis, name, descriptor)
    else delete (globalThis as Global)[name]
  }
  saved.clear()
  delete process.env.TARO_ENV
  delete process.env.TARO_PLATFORM
}

export type NativeOption = {
  success?: (res: unknown) => void
  fail?: (res: unknown) => void
  complete?: (res: unknown) => void
}

/** A fake `qq` whose `getQQRunData` does whatever `behaviour` does with the option it gets. */
export function installQQ(behaviour: (option: NativeOption) => void): jest.Mock<void, [NativeOption]> {
  const getQQRunData = jest.fn(behaviour)
  setGlobal('qq', { getQQRunData })
  return getQQRunData
}

export const OK = Object.freeze({ errMsg: 'getQQRunData:ok', encryptedData: 'ZW5j', iv: 'aXY=' })

/** Answers like QQ does: success (or fail) then complete, synchronously. */
export const answer =
  (res: unknown = OK, ok = true) =>
  (option: NativeOption) => {
    ;(ok ? option.success : option.fail)?.(res)
    option.complete?.(res)
  }

/** Records what each user callback received, in order. */
export function recorder() {
  const log: [string, unknown][] = []
  const make = (name: string) => (res: unknown) => void log.push([name, res])
  return { log, success: make('success'), fail: make('fail'), complete: make('complete') }
}

/** Waits for every pending microtask and one macrotask turn. */
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve))
