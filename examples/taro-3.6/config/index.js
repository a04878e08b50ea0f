// Taro 3.6 with no `compiler` set: what a 3.6 project gets by default, webpack 4
// (@tarojs/mini-runner for mini-programs, @tarojs/webpack-runner for H5). webpack 4 ignores
// the exports map, so `taro-qq-run-data/polyfill` resolves through the package's root stub.
module.exports = function () {
  return {
    projectName: 'taro-qq-run-data-example-3.6',
    date: '2025-1-1',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: ['taro-qq-run-data/taro-plugin'],
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    cache: { enable: false },
    terser: { enable: false },
    csso: { enable: false },
    logger: { quiet: true, stats: false },
    mini: {},
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      postcss: { autoprefixer: { enable: false }, cssModules: { enable: false } },
    },
  }
}
