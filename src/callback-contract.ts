import type { GetQQRunDataFailResult } from './result'

/**
 * The options every call of this library takes: Taro's callback triple plus a timeout.
 *
 * @example
 * const option: CallbackOption<{ errMsg: string }> = { success: console.log, timeout: 5000 }
 */
export interface CallbackOption<S, F = GetQQRunDataFailResult> {
  /** Runs with the result when the call succeeds, before `complete`. */
  success?: (res: S) => void
  /** Runs with the failure when the call fails, before `complete`. */
  fail?: (res: F) => void
  /** Runs after `success` or `fail`, with the same object. */
  complete?: (res: S | F) => void
  /**
   * Fails the call with `'<api>:fail timeout'` when no answer came within this many ms
   * (more than 0, at most 2147483647). An answer that arrives later is ignored.
   *
   * @default undefined (no timeout)
   */
  timeout?: number
}

/** Settles the call once; every later call is ignored. */
export type Settle = (ok: boolean, res: unknown) => void

const MAX_TIMEOUT = 2147483647
const CALLBACKS = ['success', 'fail', 'complete'] as const

const typeName = (value: unknown) =>
  value === null
    ? 'Null'
    : Array.isArray(value)
      ? 'Array'
      : (typeof value).replace(/^./, (first) => first.toUpperCase())

// Raised on a later tick so that App.onError / the host's error report sees it, while the call
// itself still completes and settles.
const report = (error: unknown) =>
  setTimeout(() => {
    throw error
  })

const run = (callback: ((res: never) => void) | undefined, res: unknown) => {
  if (callback)
    try {
      callback(res as never)
    } catch (error) {
      report(error)
    }
}

/**
 * The success, fail and complete callbacks to hand a native API. A native `complete` that
 * arrives without `success` or `fail` settles by its `errMsg`.
 */
export const nativeCallbacks = (settle: Settle) => ({
  success: (res: unknown) => settle(true, res),
  fail: (res: unknown) => settle(false, res),
  complete: (res: unknown) => settle(/:ok\b/.test((res as { errMsg?: string } | undefined)?.errMsg as string), res),
})

/**
 * Runs one call under the library's contract: Taro-style parameter errors, callbacks that
 * never run synchronously and run at most once, `success`/`fail` → `complete` → Promise, an
 * optional timeout, and no unhandled-rejection report when the caller handles failure through
 * `fail` or `complete`.
 */
export function callWithContract<S>(
  api: string,
  option: unknown,
  start: (settle: Settle) => void,
): Promise<S> {
  const o = (option == null ? {} : option) as Record<string, unknown>
  const callbacks: Partial<Record<(typeof CALLBACKS)[number], (res: never) => void>> = {}
  const failure = (reason: string): GetQQRunDataFailResult => ({ errMsg: `${api}:fail ${reason}` })
  const parameterError = (name: string, expected: string, value: unknown) =>
    `parameter error: parameter${name && '.' + name} should be ${expected} instead of ${value}`
  let problem: string | undefined
  let done: boolean | undefined
  let timer: ReturnType<typeof setTimeout> | undefined

  if (typeof o != 'object' || Array.isArray(o)) problem = parameterError('', 'Object', typeName(o))
  else {
    for (const name of CALLBACKS) {
      const callback = o[name]
      if (typeof callback == 'function') callbacks[name] = callback as (res: never) => void
      else if (callback != null) problem ||= parameterError(name, 'Function', typeName(callback))
    }
    const timeout = o.timeout
    if (timeout != null && !problem)
      problem =
        typeof timeout != 'number'
          ? parameterError('timeout', 'Number', typeName(timeout))
          : timeout > 0 && timeout <= MAX_TIMEOUT
            ? undefined
            : parameterError('timeout', `a number of ms above 0 and at most ${MAX_TIMEOUT}`, timeout)
  }

  const promise = new Promise<S>((resolve, reject) => {
    const settle: Settle = (ok, res) => {
      if (done) return
      done = true
      clearTimeout(timer)
      Promise.resolve().then(() => {
        run(ok ? callbacks.success : callbacks.fail, res)
        run(callbacks.complete, res)
        ;(ok ? resolve : reject)(res as S)
      })
    }
    if (problem) return settle(false, failure(problem))
    if (o.timeout != null) timer = setTimeout(() => settle(false, failure('timeout')), o.timeout as number)
    try {
      start(settle)
    } catch (error) {
      const message = (error as Error | undefined)?.message
      settle(false, failure(typeof message == 'string' ? message : String(error)))
    }
  })
  // The caller handles failure through its callbacks: an ignored Promise is not an error.
  if (callbacks.fail || callbacks.complete) promise.catch(() => {})
  return promise
}
