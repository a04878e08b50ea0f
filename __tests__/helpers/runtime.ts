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

/** A fake `wx` whose `getWeRunData` does whatever `behaviour` does with the option it gets. */
export function installWx(behaviour: (option: NativeOption) => void): jest.Mock<void, [NativeOption]> {
  const getWeRunData = jest.fn(behaviour)
  setGlobal('wx', { getWeRunData })
  return getWeRunData
}

/**
 * A fake host global `name` whose methods behave as given, recording the order of the calls by
 * method name.
 */
export function installHost(name: 'qq' | 'wx', methods: Record<string, (option: NativeOption) => void>): string[] {
  const order: string[] = []
  const host: Record<string, jest.Mock> = {}
  for (const [method, behaviour] of Object.entries(methods))
    host[method] = jest.fn((option: NativeOption) => (order.push(method), behaviour(option)))
  setGlobal(name, host)
  return order
}

export const OK = Object.freeze({ errMsg: 'getQQRunData:ok', encryptedData: 'ZW5j', iv: 'aXY=' })

/** What `wx.getWeRunData` answers: WeChat adds a `cloudID` for apps with cloud development. */
export const WE_OK = Object.freeze({ errMsg: 'getWeRunData:ok', encryptedData: 'd2Vj', iv: 'd2l2', cloudID: '1_cloud' })

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

/** How a call settled, as data: `{ resolved }` or `{ rejected }`. */
export const settled = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ resolved: value }),
    (reason: unknown) => ({ rejected: reason }),
  )

/**
 * Every TARO_ENV value the library names, written out here rather than read from src, so that a
 * platform dropped from the library fails a test instead of shrinking one.
 */
export const TARO_ENVS = ['qq', 'weapp', 'h5', 'rn', 'harmony', 'harmony-hybrid', 'alipay', 'swan', 'tt', 'jd', 'quickapp', 'ascf'] as const

/**
 * Makes the code run on `platform`: through Taro's build-time `TARO_ENV`, as an app built by Taro
 * does (`'unknown'`: nothing at all).
 */
export function buildFor(platform: string): void {
  if (platform != 'unknown') process.env.TARO_ENV = platform
}

/** Waits for every pending microtask and one macrotask turn. */
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve))
