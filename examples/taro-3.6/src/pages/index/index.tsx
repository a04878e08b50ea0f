/// <reference types="taro-qq-run-data/types" />
import { useState } from 'react'
import { View, Button, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { getQQRunData } from 'taro-qq-run-data'
import 'taro-qq-run-data/polyfill'

type Outcome = { status: 'idle' } | { status: 'ok'; text: string } | { status: 'fail'; text: string }

function describe(err: unknown): string {
  if (err && typeof err === 'object' && 'errMsg' in err) return String((err as { errMsg: unknown }).errMsg)
  return String(err)
}

function Result({ id, outcome }: { id: string; outcome: Outcome }) {
  const text = outcome.status === 'idle' ? '' : outcome.text
  // `id` is the stable hook for the e2e test; data-* is kept for readers of the DOM.
  return (
    <Text id={id} data-testid={id} data-status={outcome.status}>
      {text}
    </Text>
  )
}

export default function Index() {
  const [direct, setDirect] = useState<Outcome>({ status: 'idle' })
  const [viaTaro, setViaTaro] = useState<Outcome>({ status: 'idle' })

  const callDirect = () => {
    getQQRunData().then(
      (res) => setDirect({ status: 'ok', text: JSON.stringify(res) }),
      (err) => setDirect({ status: 'fail', text: describe(err) }),
    )
  }

  const callViaTaro = () => {
    // Installed by `import 'taro-qq-run-data/polyfill'`; typed by the reference above.
    Taro.getQQRunData().then(
      (res) => setViaTaro({ status: 'ok', text: JSON.stringify(res) }),
      (err) => setViaTaro({ status: 'fail', text: describe(err) }),
    )
  }

  return (
    <View className='index'>
      <View className='section'>
        <Button id='btn-direct' data-testid='btn-direct' onClick={callDirect}>
          获取QQ运动步数 / Get QQ run data
        </Button>
        <Result id='result-direct' outcome={direct} />
      </View>
      <View className='section'>
        <Button id='btn-polyfill' data-testid='btn-polyfill' onClick={callViaTaro}>
          Taro.getQQRunData (polyfill)
        </Button>
        <Result id='result-polyfill' outcome={viaTaro} />
      </View>
    </View>
  )
}
