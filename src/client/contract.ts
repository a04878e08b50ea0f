import type { RunDataFailResult } from './not-supported'
import { MAX_TIMEOUT } from '../shared/limits'
import { typeName } from '../shared/type-name'

/**
 * The options every call of this library takes: Taro's callback triple plus a timeout.
 *
 * @example
 * const option: CallbackOption<{ errMsg: string }> = { success: console.log, timeout: 5000 }
 */
export interface CallbackOption<S, F = RunDataFailResult> {
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

/**
 * Settles the call once with `res`, as a success or a failure (`ok`); later calls are ignored.
 * Without `ok`, as a native `complete` calls it, the result's `errMsg` decides (see
 * {@link succeeded}).
 */
export type Settle = (res: unknown, ok?: boolean) => void

/** The callbacks handed to a native API. */
export interface NativeCallbacks {
  success: (res: unknown) => void
  fail: (res: unknown) => void
  complete: (res: unknown) => void
}

/** The parameter error for an option that is set but not of `type` (as Taro names types). */
export const mistyped = (name: string, value: unknown, type: string) =>
  value != null && typeof value != type.toLowerCase() && `.${name} should be ${type} instead of ${typeName(value)}`

const run = (callback: unknown, res: unknown) => {
  try {
    if (typeof callback == 'function') callback(res)
  } catch (error) {
    // Raised again on a later tick, so App.onError and the host's error report see it, while
    // the call itself still completes and settles.
    setTimeout(() => {
      throw error
    })
  }
}

/**
 * Whether an answer is a success: `ok` when it is known, else whether the result's `errMsg` says
 * so (`'<api>:ok'`, not merely `':ok'` somewhere).
 */
export const succeeded = (res: unknown, ok?: boolean) =>
  ok == null ? /^[^:]*:ok\b/.test((res && (res as { errMsg: string }).errMsg) as string) : ok

/**
 * The success, fail and complete callbacks to hand a native API. `complete` is `settle` itself,
 * called with the result alone: it decides only when it arrives without `success` or `fail`, and
 * then by the result's `errMsg`.
 */
export const nativeCallbacks = (settle: Settle): NativeCallbacks => ({
  success: (res) => settle(res, true),
  fail: (res) => settle(res, false),
  complete: settle,
})

/** The failure `'<api>:fail <reason>'`. */
export const failure = (api: string, reason: unknown) => ({ errMsg: `${api}:fail ${reason}` })

/** The failure for an error a native API threw: `'<api>:fail <its message>'`. */
export const thrownFailure = (api: string, error: unknown) =>
  failure(api, (error && (error as Error).message) || String(error))

/**
 * Runs one call under the library's contract: Taro-style parameter errors, callbacks that
 * never run synchronously and run at most once, `success`/`fail` → `complete` → Promise, an
 * optional timeout, and no unhandled-rejection report when the caller handles failure through
 * `fail` or `complete`.
 *
 * `start` runs once the option is valid and reports the outcome through `settle`; a flow of
 * several native steps asks `settled()` before it takes the next one, so that nothing more
 * happens once the call has settled (by its timeout, say).
 */
export function callWithContract<S>(
  api: string,
  option: unknown,
  start: (settle: Settle, settled: () => boolean | undefined) => void,
): Promise<S> {
  let success: unknown, fail: unknown, complete: unknown, timeout: unknown
  let problem: string | false | undefined
  let done: boolean | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  // Truthy while this call is on the stack and has callbacks to run: an answer then waits for a
  // microtask, so that no callback ever runs inside the call. QQ itself answers later, and then
  // nothing waits.
  let early: unknown

  if (option != null) {
    if (typeName(option) != 'Object') problem = ' should be Object instead of ' + typeName(option)
    else {
      ;({ success, fail, complete, timeout } = option as Record<string, unknown>)
      // The values read once above are the ones checked, and the ones used.
      problem =
        mistyped('success', success, 'Function') ||
        mistyped('fail', fail, 'Function') ||
        mistyped('complete', complete, 'Function') ||
        mistyped('timeout', timeout, 'Number') ||
        (timeout != null &&
          !((timeout as number) > 0 && (timeout as number) <= MAX_TIMEOUT) &&
          `.timeout should be Number above 0 and at most ${MAX_TIMEOUT} instead of ${timeout}`)
      early = success || fail || complete
    }
  }

  const promise = new Promise<S>((resolve, reject) => {
    const settle: Settle = (res, ok) => {
      if (done) return
      // By the time the microtask runs, the call has returned and `early` is cleared.
      if (early) return void Promise.resolve().then(() => settle(res, ok))
      done = true
      ok = succeeded(res, ok)
      if (timer) clearTimeout(timer)
      run(ok ? success : fail, res)
      run(complete, res)
      if (ok) resolve(res as S)
      else reject(res)
    }

    if (problem) settle(failure(api, 'parameter error: parameter' + problem), false)
    else {
      if (timeout) timer = setTimeout(() => settle(failure(api, 'timeout'), false), timeout as number)
      try {
        start(settle, () => done)
      } catch (error) {
        settle(thrownFailure(api, error), false)
      }
    }
    early = 0
  })
  // The caller handles failure through its callbacks: an ignored Promise is not an error.
  if (typeof fail == 'function' || typeof complete == 'function') promise.catch(() => {})
  return promise
}
