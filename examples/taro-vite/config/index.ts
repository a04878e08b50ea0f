import { defineConfig } from '@tarojs/cli'

// Taro 4 with the vite runner, for the taro-qq-run-data end-to-end test: the Taro plugin must
// let the polyfilled Taro.getQQRunData reach the library on H5 here too.
export default defineConfig<'vite'>(() => ({
  projectName: 'taro-qq-run-data-example-vite',
  date: '2025-1-1',
  designWidth: 750,
  deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
  sourceRoot: 'src',
  outputRoot: `dist/${process.env.TARO_ENV}`,
  plugins: ['taro-qq-run-data/taro-plugin'],
  defineConstants: {},
  copy: { patterns: [], options: {} },
  framework: 'react',
  compiler: 'vite',
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
}))
