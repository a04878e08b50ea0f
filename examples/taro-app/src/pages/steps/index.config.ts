export default definePageConfig({
  navigationBarTitleText: '运动步数 / Steps',
})
