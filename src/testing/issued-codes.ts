/** What a login code the mocks handed out stands for, as the platform's servers know it. */
export interface IssuedCode {
  platform: 'qq' | 'weapp'
  appId: string
  sessionKey: string
  openid: string
  /** Set once the code was exchanged: a login code is good for one exchange. */
  used: boolean
}

// On globalThis under a registered symbol rather than in a module variable, so that the mocks
// and the fake server share it even when a test loads the testing kit twice (once as ESM, once
// as CommonJS).
const KEY = Symbol.for('taro-qq-run-data/testing: issued login codes')

/** Every login code the mocks in this process handed out, by code. */
export function issuedCodes(): Map<string, IssuedCode> {
  const global = globalThis as { [KEY]?: Map<string, IssuedCode> }
  return (global[KEY] ??= new Map())
}
