import type { StepInfo } from './step-info'

/**
 * The stamp QQ and WeChat may put into open data: which app it was made for and when (s).
 *
 * @example
 * const watermark: Watermark = { appid: '1109876543', timestamp: 1717171200 }
 */
export interface Watermark {
  /** The appid the data was encrypted for. Always a string, even when QQ sent a number. */
  appid: string
  /** When the platform encrypted the data, in seconds since the epoch. */
  timestamp: number
}

/**
 * Decrypted run data: one entry per day, oldest first, and the watermark.
 *
 * @example
 * const data: QQRunData = {
 *   stepInfoList: [{ timestamp: 1717171200, step: 8532 }],
 *   watermark: { appid: '1109876543', timestamp: 1717236000 },
 * }
 */
export interface QQRunData {
  stepInfoList: StepInfo[]
  watermark: Watermark
}

/** The decrypted run data, as the testing kit's mocks encrypt it. */
export type RunData = QQRunData
