export default {
  pages: ['pages/index/index'],
  window: { navigationBarTitleText: 'taro-qq-run-data' },
}
