import * as root from '../../src/client'

it('the root entry exports exactly the documented functions', () => {
  const names = Object.keys(root).sort()
  expect(names).toEqual([
    'detectPlatform',
    'getQQRunData',
    'isNotSupported',
    'isQQRunDataSupported',
    'loginAndGetQQRunData',
  ])
  for (const name of names) expect(typeof root[name as keyof typeof root]).toBe('function')
})
