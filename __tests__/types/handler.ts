// Compile-time tests of createRunDataHandler's published declarations, run by `npm run typecheck`.
/// <reference types="node" />
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { expectTypeOf } from 'expect-type'
import {
  memorySessionStore,
  createRunDataHandler,
  type RunDataPlatform,
  type DailySteps,
  type NodeListener,
  type RunData,
  type RunDataContext,
  type RunDataHandler,
  type RunDataStage,
  type StepsSummary,
} from 'taro-qq-run-data/server'

const handler = createRunDataHandler({ qq: { appId: '1109876543', appSecret: 's' } })
expectTypeOf(handler).toEqualTypeOf<RunDataHandler>()
// The Fetch form: what Hono, Next.js route handlers, Bun and Deno take.
expectTypeOf(handler).toBeCallableWith(new Request('http://127.0.0.1/'))
expectTypeOf(handler(new Request('http://127.0.0.1/'))).toEqualTypeOf<Promise<Response>>()
// The Node form: a listener for node:http, Express and Connect.
expectTypeOf(handler.node).toEqualTypeOf<NodeListener>()
expectTypeOf<NodeListener>().toEqualTypeOf<(req: IncomingMessage, res: ServerResponse, next?: unknown) => Promise<void>>()
createServer(handler.node)

createRunDataHandler({
  weapp: { appId: 'wx4f4bc4dec97d474b', appSecret: 's' },
  timeZone: 'UTC',
  maxAgeSeconds: 300,
  maxBodyBytes: 4096,
  timeout: 5000,
  bodyTimeout: 10000,
  endpoints: { weapp: 'http://127.0.0.1:8080/sns/jscode2session' },
  onRunData: async (run) => {
    expectTypeOf(run).toEqualTypeOf<RunDataContext>()
    return { saved: run.days.length }
  },
  onError: (error, { platform, stage }) => {
    expectTypeOf(error).toBeUnknown()
    expectTypeOf(platform).toEqualTypeOf<RunDataPlatform | undefined>()
    expectTypeOf(stage).toEqualTypeOf<RunDataStage>()
  },
})
expectTypeOf<RunDataContext>().toEqualTypeOf<{
  platform: RunDataPlatform
  openid: string
  unionid?: string
  days: DailySteps[]
  summary: StepsSummary
  data: RunData
}>()
expectTypeOf<RunDataStage>().toEqualTypeOf<'request' | 'code2Session' | 'session' | 'configuration' | 'decrypt' | 'onRunData'>()

// @ts-expect-error: the credentials go under the platform, not at the top level
createRunDataHandler({ appId: '1', appSecret: 's' })
// @ts-expect-error: appSecret is required
createRunDataHandler({ qq: { appId: '1' } })
// @ts-expect-error: maxBodyBytes is a number of bytes
createRunDataHandler({ qq: { appId: '1', appSecret: 's' }, maxBodyBytes: '64kb' })
// @ts-expect-error: there is no endpoint for another platform
createRunDataHandler({ qq: { appId: '1', appSecret: 's' }, endpoints: { alipay: 'http://127.0.0.1/' } })

// Sessions
createRunDataHandler({ qq: { appId: '1', appSecret: 's' }, sessions: memorySessionStore(), sessionTtlSeconds: 3600 })
createRunDataHandler({
  qq: { appId: '1', appSecret: 's' },
  sessions: { get: async () => undefined, set: async () => {}, delete: async () => {} },
})
// @ts-expect-error: a store's methods return Promises
createRunDataHandler({ qq: { appId: '1', appSecret: 's' }, sessions: { get: () => undefined, set() {}, delete() {} } })
// @ts-expect-error: the ttl is a number of seconds
createRunDataHandler({ qq: { appId: '1', appSecret: 's' }, sessions: memorySessionStore(), sessionTtlSeconds: '7d' })
