import type { StepInfo } from './step-info'

/**
 * The stamp QQ and WeChat may put into open data: which app it was made for and when (s).
 * WeChat sends one; whether QQ's run data has one is unconfirmed, so it is optional everywhere.
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
 * Decrypted run data, QQ's or WeChat's: one entry per day, oldest first (30 or 31 of them, but
 * no count is assumed), and the watermark when the platform sent one.
 *
 * @example
 * const data: RunData = {
 *   stepInfoList: [{ timestamp: 1717171200, step: 8532 }],
 *   watermark: { appid: '1109876543', timestamp: 1717236000 },
 * }
 */
export interface RunData {
  stepInfoList: StepInfo[]
  /** Left out when the platform sent none (QQ's documentation shows run data without one). */
  watermark?: Watermark
}
