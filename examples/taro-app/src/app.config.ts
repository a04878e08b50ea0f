export default defineAppConfig({
  pages: ['pages/steps/index', 'pages/index/index'],
  window: {
    navigationBarTitleText: 'taro-qq-run-data',
  },
})
