export { code2Session } from './code-to-session'
export type { Code2SessionOptions, Code2SessionResult } from './code-to-session'
export { createRunDataHandler } from './create-run-data-handler'
export type {
  AppCredentials,
  NodeListener,
  RunDataContext,
  RunDataHandler,
  RunDataHandlerOptions,
  RunDataStage,
} from './handler/types'
export { toDailySteps } from './daily-steps'
export type { DailySteps, ToDailyStepsOptions } from './daily-steps'
export { decryptOpenData } from './decrypt-open-data'
export type { DecryptOptions } from './decrypt-open-data'
export type { RunData, Watermark } from '../shared/run-data'
export { decryptRunData } from './decrypt-run-data'
export { isRunDataError, RunDataError } from './run-data-error'
export type { RunDataErrorCode, RunDataErrorDetails } from './run-data-error'
export type { RunDataPlatform } from '../shared/platforms'
export type { StepInfo } from '../shared/step-info'
export { summarizeSteps } from './summarize-steps'
export type { StepsSummary } from './summarize-steps'
export type { SessionStore } from './session-store'
export { memorySessionStore } from './memory-session-store'
export type { MemorySessionStoreOptions } from './memory-session-store'
export { redisSessionStore } from './redis-session-store'
export type { IORedisClient, NodeRedisClient, RedisSessionStoreOptions } from './redis-session-store'
export { cloudRunData } from './cloud-run-data'
export type { CloudRunData, CloudRunDataOptions } from './cloud-run-data'
