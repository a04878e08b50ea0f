// The test in docs/sync.md ("Testing it"), as written there.
import { syncRunData } from 'taro-qq-run-data'
import { mockWeChatRuntime } from 'taro-qq-run-data/testing'

test('the cloud function gets the steps the user walked', async () => {
  const runtime = mockWeChatRuntime({
    steps: [8000, 12000],
    cloud: (event) => {
      const { data } = event.weRunData as { data: { stepInfoList: { step: number }[] } }
      return { steps: data.stepInfoList.map(({ step }) => step), openId: event.userInfo.openId }
    },
  })
  try {
    await expect(syncRunData({ cloudFunction: 'steps' })).resolves.toEqual({ steps: [8000, 12000], openId: runtime.openid })
    expect(runtime.calls).toEqual({ login: 0, checkSession: 0, request: 0, getWeRunData: 1 })
  } finally {
    runtime.restore()
  }
})
