import { adviceFor } from '../../src/cli/advice'
import type { QQRunDataErrorCode } from '../../src/server'

const FINE = ['HyVFkGl5F5OQ+JZZaNzBBg==', 'r7B/9kQ+ZZaNzBBgHyVFkA==', 'qBr+/9kQ']

describe('adviceFor', () => {
  it.each<[QQRunDataErrorCode, RegExp]>([
    ['INVALID_INPUT', /base64 of 16 bytes .*--time-zone an IANA name/],
    ['DECRYPT_FAILED', /Every qq\.login or wx\.login gives the user a new session_key/],
    ['INVALID_PAYLOAD', /not to run data/],
    ['APPID_MISMATCH', /another mini-program than --app-id/],
    ['EXPIRED', /older than --max-age/],
  ])('advises on %s', (code, advice) => expect(adviceFor(code, FINE)).toMatch(advice))

  it("tells a '+' that URL-decoding turned into a space", () => {
    expect(adviceFor('INVALID_INPUT', [FINE[0]!, FINE[1]!, 'qBr /9kQ'])).toMatch(/A '\+' became a space .*tr ' ' '\+'/)
  })

  it('tells base64url', () => {
    expect(adviceFor('INVALID_INPUT', [FINE[0]!, 'r7B_9kQ-', FINE[2]!])).toMatch(/base64url .*tr '_-' '\/\+'/)
  })

  it('gives the advice of the code when a stray space is not what failed', () => {
    expect(adviceFor('DECRYPT_FAILED', ['a b'])).toBe(adviceFor('DECRYPT_FAILED', FINE))
  })

  it('does not blame URL-decoding or base64url when other characters are wrong too', () => {
    const generic = adviceFor('INVALID_INPUT', FINE)
    expect(adviceFor('INVALID_INPUT', [FINE[0]!, FINE[1]!, 'steps: 8000 today'])).toBe(generic)
    expect(adviceFor('INVALID_INPUT', [FINE[0]!, FINE[1]!, 'r7B_9kQ-!'])).toBe(generic)
  })

  it('tells that --max-age needs a watermark the data does not have', () => {
    const message = 'decryptRunData: the decrypted data has no watermark, so its age cannot be checked against maxAgeSeconds (300); …'
    expect(adviceFor('INVALID_PAYLOAD', FINE, message)).toMatch(/^The data has no watermark .*leave --max-age out/)
    expect(adviceFor('INVALID_PAYLOAD', FINE, 'decryptRunData: the decrypted data should be an Object')).toMatch(/not to run data/)
  })
})
