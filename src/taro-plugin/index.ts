// The one default export of the package: Taro calls what it `require`s from a plugin path.
export { default } from './taro-plugin'
