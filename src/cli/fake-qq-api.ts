import { randomBytes } from 'node:crypto'
import { listenOnLoopback, sendJson, type LoopbackServer } from '../shared/node/loopback-server'

/**
 * A stand-in for QQ's `jscode2session` on 127.0.0.1.
 *
 * @example
 * const qqApi = await startFakeQQApi({ appId, appSecret })
 * qqApi.issue(loginCode, sessionKey)
 * await code2Session({ appId, appSecret, code: loginCode, endpoint: qqApi.endpoint })
 */
export interface FakeQQApi extends LoopbackServer {
  /** The URL to pass to `code2Session` as `endpoint`. */
  endpoint: string
  /** Makes `code` valid once, for the user whose session key is `sessionKey`, as `qq.login` does. */
  issue(code: string, sessionKey: string): void
}

const PATH = '/sns/jscode2session'

/**
 * Starts a fake QQ API that answers `GET /sns/jscode2session` as QQ does: `{ openid,
 * session_key }` for an issued code with the right appid and secret, and QQ's errcodes
 * otherwise (40013 for another app or secret, 40029 for a code that is unknown or was used).
 *
 * @example
 * const qqApi = await startFakeQQApi({ appId: '1109876543', appSecret: 'secret' })
 */
export async function startFakeQQApi({ appId, appSecret }: { appId: string; appSecret: string }): Promise<FakeQQApi> {
  const codes = new Map<string, string>()
  const server = await listenOnLoopback((req, res) => {
    const url = new URL(req.url!, 'http://127.0.0.1')
    const query = (name: string) => url.searchParams.get(name)
    if (req.method != 'GET' || url.pathname != PATH) return sendJson(res, 404, { errcode: 404, errmsg: 'not found' })
    if (query('appid') !== appId || query('secret') !== appSecret)
      return sendJson(res, 200, { errcode: 40013, errmsg: 'invalid appid or secret' })
    const sessionKey = codes.get(query('js_code')!)
    if (!sessionKey || query('grant_type') != 'authorization_code') return sendJson(res, 200, { errcode: 40029, errmsg: 'invalid code' })
    // A login code is good for one exchange, as QQ's are.
    codes.delete(query('js_code')!)
    sendJson(res, 200, { errcode: 0, errmsg: 'ok', openid: `o${randomBytes(12).toString('hex')}`, session_key: sessionKey })
  })
  return { ...server, endpoint: server.url + PATH, issue: (code, sessionKey) => void codes.set(code, sessionKey) }
}
