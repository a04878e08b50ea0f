export default { navigationBarTitleText: 'getQQRunData' }
