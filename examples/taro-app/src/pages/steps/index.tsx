// The steps page: sync the run data with the backend (logging in only when the session is gone),
// and show the days as a bar chart with the total and the best day. Copy it into your app and
// point STEPS_API at the route that runs createRunDataHandler with sessions
// (taro-qq-run-data/server).
import { useEffect, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { detectPlatform, isAuthDenied, isRunDataSupported, RUN_DATA_SCOPES, syncRunData, type RunDataAnswer } from 'taro-qq-run-data'
import './index.css'

/** Your backend's route; in the end-to-end test it is answered by createRunDataHandler on 127.0.0.1. */
const STEPS_API = 'https://steps.example.com/api/steps'

/** What createRunDataHandler answers: `{ platform, days, summary }`. */
type StepsAnswer = RunDataAnswer

type State =
  | { status: 'unsupported'; platform: string }
  | { status: 'loading' }
  | { status: 'denied' }
  | { status: 'failed'; reason: string }
  | { status: 'ready'; answer: StepsAnswer }

const reason = (err: unknown) => (err && typeof err == 'object' && 'errMsg' in err ? String((err as { errMsg: unknown }).errMsg) : String(err))

// Logs in only when there is no session (or the platform or the backend says it is gone), then
// gets the data and posts it with the session token: the backend decrypts with the key it kept.
const fetchSteps = () => syncRunData({ url: STEPS_API, timeout: 15000 })

function Chart({ answer }: { answer: StepsAnswer }) {
  const { days, summary } = answer
  const most = Math.max(1, ...days.map((day) => day.steps))
  return (
    <View id='steps-ready'>
      <View className='steps-chart'>
        {days.map((day, i) => (
          <View
            key={day.date}
            id={`day-${i}`}
            className={summary.best && day.date == summary.best.date ? 'steps-bar steps-bar-best' : 'steps-bar'}
            style={{ height: `${(day.steps / most) * 100}%` }}
            data-date={day.date}
            data-steps={day.steps}
          >
            <Text className='steps-bar-label'>{`${day.date} ${day.steps}`}</Text>
          </View>
        ))}
      </View>
      <View className='steps-figures'>
        <View className='steps-figure'>
          <Text>共 {days.length} 天 / Total</Text>
          <Text id='steps-total' className='steps-figure-value'>{String(summary.total)}</Text>
        </View>
        <View className='steps-figure'>
          <Text>最多的一天 / Best day</Text>
          <Text id='steps-best' className='steps-figure-value'>{summary.best ? `${summary.best.date} ${summary.best.steps}` : '-'}</Text>
        </View>
      </View>
    </View>
  )
}

export default function Steps() {
  const [state, setState] = useState<State>(() =>
    isRunDataSupported() ? { status: 'loading' } : { status: 'unsupported', platform: detectPlatform() },
  )

  const load = () => {
    setState({ status: 'loading' })
    fetchSteps().then(
      (answer) => setState({ status: 'ready', answer }),
      (err) => setState(isAuthDenied(err) ? { status: 'denied' } : { status: 'failed', reason: reason(err) }),
    )
  }

  useEffect(() => {
    if (state.status == 'loading') load()
  }, [])

  // Once refused, the run-data API fails at once without asking; only the settings page, opened
  // from a tap, can grant the scope again.
  const openSetting = () => {
    Taro.openSetting().then((res) => {
      const scopes = Object.values(RUN_DATA_SCOPES) as string[]
      const authSetting = (res.authSetting || {}) as Record<string, boolean>
      if (scopes.some((scope) => authSetting[scope])) load()
    })
  }

  return (
    <View className='steps'>
      <Text className='steps-title'>运动步数 / Steps</Text>
      {state.status == 'unsupported' && (
        <Text id='steps-unsupported' className='steps-note'>
          {`运动步数只在 QQ 和微信小程序里提供，这里（${state.platform}）没有。/ Run data exists only in QQ and WeChat mini-programs, not on ${state.platform}.`}
        </Text>
      )}
      {state.status == 'loading' && <Text id='steps-loading' className='steps-note'>加载中… / Loading…</Text>}
      {state.status == 'denied' && (
        <View id='steps-denied'>
          <Text className='steps-note'>你没有允许读取运动步数。/ You did not allow access to your steps.</Text>
          <Button id='btn-open-setting' onClick={openSetting}>
            去设置 / Open settings
          </Button>
        </View>
      )}
      {state.status == 'failed' && (
        <View id='steps-failed'>
          <Text id='steps-reason' className='steps-note'>{state.reason}</Text>
          <Button id='btn-retry' onClick={load}>
            重试 / Try again
          </Button>
        </View>
      )}
      {state.status == 'ready' && <Chart answer={state.answer} />}
    </View>
  )
}
