// The answer to each error, as the pipeline picks it. Only the pipeline's bugs reach the last
// row, so it is tested here rather than through a request.
import { replyTo } from '../../../src/server/handler/answer'
import { RunDataError, type RunDataErrorCode } from '../../../src/server'

const JSON_TYPE = 'application/json; charset=utf-8'

describe('replyTo', () => {
  it.each<[RunDataErrorCode, number, string, string | undefined]>([
    ['INVALID_OPTION', 500, '{"error":"internal error"}', undefined],
    ['INVALID_CREDENTIALS', 500, '{"error":"internal error"}', undefined],
    ['INVALID_INPUT', 400, '{"error":"bad request"}', undefined],
    ['LOGIN_REQUIRED', 401, '{"error":"log in again"}', undefined],
    ['USER_BLOCKED', 403, '{"error":"forbidden"}', undefined],
    ['RATE_LIMITED', 503, '{"error":"try again later"}', '60'],
    ['PLATFORM_UNAVAILABLE', 503, '{"error":"try again later"}', '1'],
    ['STORE_UNAVAILABLE', 503, '{"error":"try again later"}', '1'],
    ['DECRYPT_FAILED', 400, '{"error":"invalid run data"}', undefined],
    ['INVALID_PAYLOAD', 400, '{"error":"invalid run data"}', undefined],
    ['APPID_MISMATCH', 400, '{"error":"invalid run data"}', undefined],
    ['EXPIRED', 400, '{"error":"invalid run data"}', undefined],
  ])('answers %s with %i %s', (code, status, body, retryAfter) => {
    const reply = replyTo(new RunDataError(code, 'why'))
    expect([reply.status, reply.body, reply.headers['content-type'], reply.headers['retry-after']]).toEqual([status, body, JSON_TYPE, retryAfter])
  })

  it('answers 500 to anything that is not a RunDataError', () => {
    expect(replyTo(new TypeError('a bug'))).toMatchObject({ status: 500, body: '{"error":"internal error"}' })
  })
})
