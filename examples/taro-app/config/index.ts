import { defineConfig } from '@tarojs/cli'

// Minimal Taro 4 config for the taro-qq-run-data end-to-end test.
// Output is left unminified so the e2e test can inspect how the bundler
// compiled the library's platform check (process.env.TARO_ENV).
export default defineConfig<'webpack5'>(() => ({
  projectName: 'taro-qq-run-data-example',
  date: '2025-1-1',
  designWidth: 750,
  deviceRatio: {
    640: 2.34 / 2,
    750: 1,
    375: 2,
    828: 1.81 / 2,
  },
  sourceRoot: 'src',
  outputRoot: `dist/${process.env.TARO_ENV}`,
  // Lets `import 'taro-qq-run-data/polyfill'` take effect on H5 (see "On H5: the Taro plugin" in the root README.md).
  plugins: ['taro-qq-run-data/taro-plugin'],
  defineConstants: {},
  copy: { patterns: [], options: {} },
  framework: 'react',
  compiler: 'webpack5',
  cache: { enable: false },
  terser: { enable: false },
  csso: { enable: false },
  logger: { quiet: true, stats: false },
  mini: {
    postcss: {
      pxtransform: { enable: true, config: {} },
      cssModules: { enable: false },
    },
  },
  h5: {
    publicPath: '/',
    staticDirectory: 'static',
    router: { mode: 'hash' },
    postcss: {
      autoprefixer: { enable: false },
      cssModules: { enable: false },
    },
  },
}))
