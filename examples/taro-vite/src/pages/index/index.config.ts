export default definePageConfig({
  navigationBarTitleText: 'getQQRunData',
})
