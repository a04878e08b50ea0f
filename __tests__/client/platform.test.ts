import { detectPlatform, type Platform } from '../../src/client/platform'
import { resetRuntime, setGlobal, TARO_ENVS, type RuntimeGlobal } from '../helpers/runtime'

afterEach(resetRuntime)

describe('detectPlatform at runtime', () => {
  it('says unknown where no host global exists', () => {
    expect(detectPlatform()).toBe('unknown')
  })

  it.each<[RuntimeGlobal, Platform]>([
    ['qq', 'qq'],
    ['wx', 'weapp'],
    ['my', 'alipay'],
    ['swan', 'swan'],
    ['tt', 'tt'],
    ['jd', 'jd'],
  ])('recognises the %s global as %s', (name, platform) => {
    setGlobal(name, {})
    expect(detectPlatform()).toBe(platform)
  })

  it('checks qq before wx, because QQ also exposes a wx alias', () => {
    setGlobal('wx', {})
    setGlobal('qq', {})
    expect(detectPlatform()).toBe('qq')
  })

  it('checks the mini-program globals before a browser, in the documented order', () => {
    setGlobal('window', {})
    setGlobal('document', {})
    setGlobal('jd', {})
    expect(detectPlatform()).toBe('jd')
    setGlobal('tt', {})
    expect(detectPlatform()).toBe('tt')
    setGlobal('swan', {})
    expect(detectPlatform()).toBe('swan')
    setGlobal('my', {})
    expect(detectPlatform()).toBe('alipay')
  })

  it.each([null, undefined, 0, 'qq'])('ignores a qq global that is %p', (value) => {
    setGlobal('qq', value)
    expect(detectPlatform()).toBe('unknown')
  })

  it('recognises React Native by navigator.product', () => {
    setGlobal('navigator', { product: 'ReactNative' })
    expect(detectPlatform()).toBe('rn')
  })

  it('is not fooled by a browser navigator', () => {
    setGlobal('navigator', { product: 'Gecko' })
    expect(detectPlatform()).toBe('unknown')
    setGlobal('navigator', null)
    expect(detectPlatform()).toBe('unknown')
  })

  it('says h5 when both window and document exist', () => {
    setGlobal('window', {})
    expect(detectPlatform()).toBe('unknown')
    setGlobal('document', {})
    expect(detectPlatform()).toBe('h5')
  })
})

describe('detectPlatform at build time', () => {
  it.each(TARO_ENVS)('takes TARO_ENV=%s as it is', (platform) => {
    process.env.TARO_ENV = platform
    expect(detectPlatform()).toBe(platform)
  })

  it('prefers TARO_ENV over the runtime globals', () => {
    setGlobal('qq', {})
    process.env.TARO_ENV = 'weapp'
    expect(detectPlatform()).toBe('weapp')
  })

  it.each(['dd', 'lark', 'QQ', 'qq weapp', ' qq', 'qq\n'])('says unknown for the unknown TARO_ENV %p', (env) => {
    setGlobal('qq', {})
    process.env.TARO_ENV = env
    expect(detectPlatform()).toBe('unknown')
  })

  it.each<[string, Platform]>([
    ['web', 'h5'],
    ['harmony', 'harmony'],
  ])('maps TARO_PLATFORM=%s to %s', (value, platform) => {
    process.env.TARO_PLATFORM = value
    expect(detectPlatform()).toBe(platform)
  })

  it('lets TARO_ENV win over TARO_PLATFORM, as in a harmony-hybrid build', () => {
    process.env.TARO_PLATFORM = 'web'
    process.env.TARO_ENV = 'harmony-hybrid'
    expect(detectPlatform()).toBe('harmony-hybrid')
  })

  it('falls back to the runtime globals for TARO_PLATFORM=mini', () => {
    process.env.TARO_PLATFORM = 'mini'
    setGlobal('qq', {})
    expect(detectPlatform()).toBe('qq')
  })
})
