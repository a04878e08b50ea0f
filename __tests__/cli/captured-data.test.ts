import fc from 'fast-check'
import { parseCapturedData } from '../../src/cli/captured-data'
import { CliError } from '../../src/cli/cli-error'

const DATA = 'qBr+/9kQ=='
const IV = 'r7B+/9kQ=='

const reads = (text: string, captured: object) => expect(parseCapturedData(text)).toEqual(captured)
function refuses(text: string, message: RegExp) {
  expect(() => parseCapturedData(text)).toThrow(CliError)
  expect(() => parseCapturedData(text)).toThrow(message)
}

describe('parseCapturedData', () => {
  it('reads the data as people paste it', () => {
    reads(DATA, { encryptedData: DATA })
    reads(`  ${DATA}\n`, { encryptedData: DATA })
    reads(`"${DATA}"\n`, { encryptedData: DATA })
    reads(JSON.stringify({ encryptedData: DATA, iv: IV }), { encryptedData: DATA, iv: IV })
    reads(JSON.stringify({ encryptedData: DATA }), { encryptedData: DATA })
    reads(JSON.stringify({ errMsg: 'getQQRunData:ok', encryptedData: DATA, iv: IV }, null, 2) + '\n', { encryptedData: DATA, iv: IV })
    reads(JSON.stringify({ code: 'c', encryptedData: DATA, iv: IV }), { encryptedData: DATA, iv: IV })
  })

  it('joins the lines of wrapped base64, but keeps spaces for the advice about them', () => {
    reads('qBr+\r\n/9kQ\n==\n', { encryptedData: DATA })
    reads(JSON.stringify({ encryptedData: 'qBr+\n/9kQ==' }), { encryptedData: DATA })
    reads('qBr /9kQ==', { encryptedData: 'qBr /9kQ==' })
  })

  it('keeps any base64 it is given as it is, around whitespace and line breaks', () => {
    fc.assert(
      fc.property(fc.base64String({ minLength: 1 }), fc.stringMatching(/^[ \t\r\n]*$/), (base64, space) => {
        expect(parseCapturedData(space + base64 + space).encryptedData).toBe(base64)
        expect(parseCapturedData(space + JSON.stringify({ encryptedData: base64 }) + space).encryptedData).toBe(base64)
      }),
    )
  })

  it('refuses data it cannot use, saying what it should be', () => {
    refuses('', /^the data is empty; it should be the base64 encryptedData, or JSON/)
    refuses(' \n', /^the data is empty/)
    refuses('{ "encryptedData": ', /^the data starts like JSON but is not JSON \(.+\); it should be/)
    refuses('"unterminated', /^the data starts like JSON but is not JSON/)
    refuses('{ "data": "x" }', /^the JSON has no "encryptedData" string/)
    refuses('{ "encryptedData": 1 }', /^the JSON has no "encryptedData" string/)
    refuses('{ "encryptedData": "x", "iv": null }', /^the JSON has an "iv" that is not a string$/)
  })
})
