import { escapeControl, jsonForTerminal } from '../../src/cli/escape'

describe('escapeControl', () => {
  it.each([
    ['\u001b[2J', '\\u001b[2J'],
    ['a\nb\tc\r', 'a\\u000ab\\u0009c\\u000d'],
    ['\u0000\u0007\u001f', '\\u0000\\u0007\\u001f'],
    ['\u007f', '\\u007f'],
    ['\u0080\u009b31m\u009f', '\\u0080\\u009b31m\\u009f'],
    ['1109876543 QQ运动 ▍ \u00a0', '1109876543 QQ运动 ▍ \u00a0'],
    ['\\u001b', '\\u001b'],
  ])('%j is printed as %j', (text, shown) => expect(escapeControl(text)).toBe(shown))
})

describe('jsonForTerminal', () => {
  it.each([
    [JSON.stringify({ appid: '\u001b[2J' }), '{"appid":"\\u001b[2J"}'],
    [JSON.stringify({ appid: '\u009b2J\u007f' }), '{"appid":"\\u009b2J\\u007f"}'],
    ['{"steps":[8000]}', '{"steps":[8000]}'],
  ])('%j is printed as %j', (json, shown) => {
    expect(jsonForTerminal(json)).toBe(shown)
    expect(JSON.parse(jsonForTerminal(json))).toEqual(JSON.parse(json))
  })
})
