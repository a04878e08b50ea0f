import * as root from '../../src/client'

it('the root entry exports exactly the documented functions, and the scope names', () => {
  const { RUN_DATA_SCOPES, ...functions } = root
  expect(typeof RUN_DATA_SCOPES).toBe('object')
  const names = Object.keys(functions).sort()
  expect(names).toEqual([
    'detectPlatform',
    'getQQRunData',
    'getRunData',
    'getWeRunData',
    'isAuthDenied',
    'isNotSupported',
    'isQQRunDataSupported',
    'isRunDataSupported',
    'loginAndGetQQRunData',
    'loginAndGetRunData',
    'syncRunData',
  ])
  for (const name of names) expect(typeof functions[name as keyof typeof functions]).toBe('function')
})
