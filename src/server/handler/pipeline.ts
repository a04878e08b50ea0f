import { openData } from '../decrypt-open-data'
import { asRunData } from '../decrypt-run-data'
import { dailySteps } from '../daily-steps'
import { isRunDataError } from '../run-data-error'
import { summary } from '../summarize-steps'
import type { RunDataPlatform } from '../../shared/platforms'
import { INTERNAL_ERROR, ok, RELOGIN, replyTo, type Reply } from './answer'
import { dropSession, findSession, keepSession, type UserSession } from './find-session'
import { API, checkHandlerOptions, type Settings } from './options'
import { readRunDataRequest, refuseHead, type Body, type Refusal, type RunDataRequest } from './read-request'
import type { RunDataContext, RunDataHandlerOptions, RunDataStage } from './types'

/** The endpoint without its transport: what the Fetch and the Node forms both call. */
export interface Pipeline {
  maxBodyBytes: number
  bodyTimeout: number
  /** The answer to a request refused on its method, type or declared length, if any. */
  refuse(method: string, contentType: string | null | undefined, contentLength: string | null | undefined): Reply | undefined
  /** The answer to a request whose head passed `refuse`. */
  answer(body: Body): Promise<Reply>
}

type DataRequest = Exclude<RunDataRequest, { kind: 'login' }>

/** Decrypts and verifies the request's data with the user's key, and builds the days. */
function openRun({ calendar }: Settings, { platform, app, encryptedData, iv }: DataRequest, user: UserSession): RunDataContext {
  const { appId, maxAgeSeconds } = app
  const options = { encryptedData, iv, sessionKey: user.sessionKey, appId, ...(maxAgeSeconds !== undefined && { maxAgeSeconds }) }
  const data = asRunData('decryptRunData', openData('decryptRunData', options))
  const days = dailySteps(data.stepInfoList, calendar)
  return { platform, openid: user.openid, ...(user.unionid !== undefined && { unionid: user.unionid }), days, summary: summary(days), data }
}

const isStoreFailure = (error: unknown) => isRunDataError(error) && error.code == 'STORE_UNAVAILABLE'

/** The 200 answer: `onRunData`'s result, or `{ platform, days, summary }`. */
async function answerRun({ onRunData }: Settings, run: RunDataContext): Promise<Reply> {
  const result = onRunData ? await onRunData(run) : undefined
  const reply = ok(result === undefined ? { platform: run.platform, days: run.days, summary: run.summary } : result)
  if (!reply) throw new TypeError(`${API}: onRunData returned a ${typeof result}, which is not JSON`)
  return reply
}

/**
 * The endpoint's steps: check the request → find the user's session key → decrypt and verify →
 * days and summary → answer. A failure's answer comes from its code; its cause goes to `onError`.
 */
export function createPipeline(options: RunDataHandlerOptions): Pipeline {
  const settings = checkHandlerOptions(options)
  const { maxBodyBytes, bodyTimeout, onError } = settings

  const fail = (reply: Reply, error: unknown, stage: RunDataStage, platform?: RunDataPlatform): Reply => {
    try {
      onError(error, platform ? { platform, stage } : { stage })
    } catch {
      // A failing log must not change the answer.
    }
    return reply
  }

  return {
    maxBodyBytes,
    bodyTimeout,
    refuse(method, contentType, contentLength) {
      const refusal = refuseHead(settings, method, contentType, contentLength)
      return refusal && fail(refusal.reply, refusal.error, 'request')
    },
    async answer(body) {
      let request: RunDataRequest
      try {
        request = readRunDataRequest(settings, body)
      } catch (error) {
        const { reply, error: cause, platform } = error as Refusal
        return fail(reply, cause, 'request', platform)
      }
      const { platform } = request
      // Every failure of a stored session gets one answer and ends the session, so a rotated key
      // is repaired by one login, and a guess at the data costs the session, as it costs a code.
      const relogin = async (error: unknown) => {
        const { session } = request as Extract<RunDataRequest, { kind: 'session' }>
        await dropSession(settings.sessions!, session, settings.timeout).catch((failure) => fail(RELOGIN, failure, 'session', platform))
        return fail(RELOGIN, error, 'session', platform)
      }
      let user: UserSession
      try {
        user = await findSession(settings, request)
      } catch (error) {
        if (request.kind == 'session') return isStoreFailure(error) ? fail(replyTo(error), error, 'session', platform) : relogin(error)
        const stage = isRunDataError(error) && error.code == 'INVALID_CREDENTIALS' ? 'configuration' : 'code2Session'
        return fail(replyTo(error), error, stage, platform)
      }
      if (request.kind == 'login')
        try {
          return ok({ session: await keepSession(settings, platform, user) })!
        } catch (error) {
          return fail(replyTo(error), error, 'session', platform)
        }
      let run: RunDataContext
      try {
        run = openRun(settings, request, user)
      } catch (error) {
        return request.kind == 'session' ? relogin(error) : fail(replyTo(error), error, 'decrypt', platform)
      }
      try {
        return await answerRun(settings, run)
      } catch (error) {
        return fail(INTERNAL_ERROR, error, 'onRunData', platform)
      }
    },
  }
}
