import { wantsColour } from '../../src/cli/io'

describe('wantsColour', () => {
  it.each([
    [true, {}, true],
    [true, { NO_COLOR: '1' }, false],
    [true, { NO_COLOR: '' }, true],
    [false, {}, false],
    [undefined, {}, false],
  ])('with stdout.isTTY %s and the environment %j, colour is %s', (isTTY, env, colour) => {
    expect(wantsColour({ stdout: { write: () => true, isTTY }, env })).toBe(colour)
  })
})
