import { adviceFor } from '../../src/cli/advice'
import type { RunDataErrorCode } from '../../src/server'

const FINE = ['HyVFkGl5F5OQ+JZZaNzBBg==', 'r7B/9kQ+ZZaNzBBgHyVFkA==', 'qBr+/9kQ']
const of = (code: RunDataErrorCode, field?: string) => (field ? { code, field } : { code })

describe('adviceFor', () => {
  it.each<[RunDataErrorCode, RegExp]>([
    ['INVALID_OPTION', /An argument is malformed; the message names it\. See qq-run-data help decrypt\./],
    ['INVALID_INPUT', /base64 of 16 bytes .*--time-zone an IANA name/],
    ['DECRYPT_FAILED', /Every qq\.login or wx\.login gives the user a new session_key/],
    ['INVALID_PAYLOAD', /not to run data/],
    ['APPID_MISMATCH', /another mini-program than --app-id/],
    ['EXPIRED', /older than --max-age/],
    ['PLATFORM_UNAVAILABLE', /^See the PLATFORM_UNAVAILABLE row of the error table in the server docs\.$/],
  ])('advises on %s', (code, advice) => expect(adviceFor(of(code), FINE)).toMatch(advice))

  it("tells a '+' that URL-decoding turned into a space", () => {
    expect(adviceFor(of('INVALID_INPUT'), [FINE[0]!, FINE[1]!, 'qBr /9kQ'])).toMatch(/A '\+' became a space .*tr ' ' '\+'/)
  })

  it('tells base64url', () => {
    expect(adviceFor(of('INVALID_INPUT'), [FINE[0]!, 'r7B_9kQ-', FINE[2]!])).toMatch(/base64url .*tr '_-' '\/\+'/)
  })

  it('gives the advice of the code when a stray space is not what failed', () => {
    expect(adviceFor(of('DECRYPT_FAILED'), ['a b'])).toMatch(/^The session key does not open this data\./)
  })

  it('does not blame URL-decoding or base64url when other characters are wrong too', () => {
    expect(adviceFor(of('INVALID_INPUT'), [FINE[0]!, FINE[1]!, 'steps: 8000 today'])).toMatch(/^A value is malformed; the message names it\./)
    expect(adviceFor(of('INVALID_INPUT'), [FINE[0]!, FINE[1]!, 'r7B_9kQ-!'])).toMatch(/^A value is malformed; the message names it\./)
  })

  it('tells that --max-age needs a watermark the data does not have, by the field at fault', () => {
    expect(adviceFor(of('INVALID_PAYLOAD', 'watermark'), FINE)).toMatch(/^The data has no watermark .*leave --max-age out/)
    expect(adviceFor(of('INVALID_PAYLOAD', 'stepInfoList'), FINE)).toMatch(/not to run data/)
  })
})
