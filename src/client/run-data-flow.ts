import { callWithContract, failure, nativeCallbacks, succeeded, thrownFailure } from './contract'
import { hostWith, type NativeHost } from './host'
import { notSupported } from './not-supported'
import { detectPlatform, type Platform } from './platform'
import { RUN_DATA, type RunDataPlatform } from '../shared/platforms'

// The one name of the two platforms, spelled out in shared/ rather than `keyof typeof RUN_DATA`:
// the published declarations would otherwise name the types of the host globals, which are not
// published.
export type { RunDataPlatform }

export { RUN_DATA }

/** Both platforms with run data. */
export const RUN_DATA_PLATFORMS: readonly RunDataPlatform[] = ['qq', 'weapp']

/**
 * What a run-data flow resolves with: the platform it ran on and the encrypted data, plus the
 * login `code` when it logged in first, and `cloudID` when the platform sent one.
 */
export interface RunDataFlowResult {
  errMsg: string
  platform: RunDataPlatform
  code?: string
  encryptedData: string
  iv: string
  cloudID?: string
}

/**
 * Where the code runs, with its host global when the platform is one of `platforms` and the
 * global has the run-data method and every one of `methods` (`false` otherwise).
 */
export function runDataHost(platforms: readonly RunDataPlatform[], ...methods: string[]): [Platform, NativeHost | false] {
  const platform = detectPlatform()
  const known = platforms.includes(platform as RunDataPlatform) && RUN_DATA[platform as RunDataPlatform]
  return [platform, !!known && hostWith(known[0], known[1], ...methods)]
}

/**
 * Runs `api` under the contract: on one of `platforms`, `login` first when asked, then the run
 * data, each native step answered once and taken in that order, and resolves
 * `{ errMsg: '<api>:ok', platform, code?, encryptedData, iv, cloudID? }`. A native failure is
 * passed through unchanged, so its `errMsg` names the step that failed.
 */
export function runDataFlow<S extends RunDataFlowResult>(
  api: string,
  option: unknown,
  platforms: readonly RunDataPlatform[],
  login: boolean,
): Promise<S> {
  return callWithContract(api, option, (settle, settled) => {
    const [detected, host] = login ? runDataHost(platforms, 'login') : runDataHost(platforms)
    if (!host) return settle(notSupported(api, detected), false)
    const platform = detected as RunDataPlatform
    const [[, global], method] = RUN_DATA[platform]

    // A host may answer a step twice (success, then complete): the next step must be taken
    // once, and not at all once the call has settled (timed out, say).
    const step = (name: string, then: (res: Record<string, unknown>) => void) => {
      let answered: boolean | undefined
      try {
        host[name]!(
          nativeCallbacks((res, ok) => {
            if (answered || settled()) return
            answered = true
            if (succeeded(res, ok)) then((res || {}) as Record<string, unknown>)
            else settle(res, false)
          }),
        )
      } catch (error) {
        settle(thrownFailure(api, error), false)
      }
    }
    const getData = (code?: string) =>
      step(method, ({ encryptedData, iv, cloudID }) => {
        if (typeof encryptedData != 'string' || typeof iv != 'string')
          settle(failure(api, `${global}.${method} gave no encryptedData and iv`), false)
        else {
          const result: RunDataFlowResult = { errMsg: `${api}:ok`, platform, encryptedData, iv }
          if (code) result.code = code
          if (typeof cloudID == 'string') result.cloudID = cloudID
          settle(result, true)
        }
      })

    if (!login) getData()
    else
      step('login', ({ code }) => {
        if (code && typeof code == 'string') getData(code)
        else settle(failure(api, `${global}.login gave no code`), false)
      })
  })
}
