/**
 * `text` with every control character written as a `\uXXXX` escape: C0 (line breaks and tabs
 * included), DEL and C1. Text that came from the data or the platform goes through it before it
 * reaches a terminal, so an appid such as `'\u001b[2J'` is shown, not obeyed.
 *
 * @example
 * escapeControl('\u001b[2J') // '\\u001b[2J'
 */
export const escapeControl = (text: string): string =>
  text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

/**
 * JSON text with DEL and C1 escaped as well: `JSON.stringify` escapes C0 alone. Still the same
 * JSON, since those characters can only stand inside strings, where `\uXXXX` means them.
 *
 * @example
 * jsonForTerminal('{"appid":"\u009b2J"}') // '{"appid":"\\u009b2J"}'
 */
export const jsonForTerminal = (json: string): string =>
  json.replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
