// Encrypts test payloads the way QQ does (AES-128-CBC, PKCS#7, standard base64), so every
// fixture is made here rather than copied from a real device.
import { createCipheriv } from 'node:crypto'
import type { DecryptOptions } from '../../src/server'

export const APP_ID = '1109876543'
export const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex')
export const IV = Buffer.from('f0e1d2c3b4a5968778695a4b3c2d1e0f', 'hex')
export const SESSION_KEY = KEY.toString('base64')
export const IV_BASE64 = IV.toString('base64')

/** 2024-06-01 00:00 in Shanghai, 2024-05-31T16:00:00Z. */
export const JUNE_1 = 1717171200

/** `plaintext` (an object is serialised as JSON) encrypted with `key` and `iv`, as base64. */
export function encrypt(plaintext: unknown, key: Uint8Array = KEY, iv: Uint8Array = IV): string {
  const cipher = createCipheriv('aes-128-cbc', key, iv)
  const text = typeof plaintext == 'string' ? plaintext : JSON.stringify(plaintext)
  return Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]).toString('base64')
}

/** A run-data payload with `days` days of steps from June 1st, and a watermark for APP_ID. */
export function runData(days = 3, watermark: Record<string, unknown> = {}) {
  return {
    stepInfoList: Array.from({ length: days }, (_, i) => ({ timestamp: JUNE_1 + i * 86400, step: 1000 + i })),
    watermark: { appid: APP_ID, timestamp: JUNE_1 + days * 86400, ...watermark },
  }
}

/** The options that decrypt `payload`, with `overrides` on top. */
export function optionsFor(payload: unknown, overrides: Partial<Record<keyof DecryptOptions, unknown>> = {}): DecryptOptions {
  return {
    encryptedData: encrypt(payload),
    iv: IV_BASE64,
    sessionKey: SESSION_KEY,
    appId: APP_ID,
    ...overrides,
  } as DecryptOptions
}

/** Runs `fn` and returns what it threw; fails the test when it did not throw. */
export function thrown(fn: () => unknown): Error & { code?: unknown } {
  try {
    fn()
  } catch (error) {
    return error as Error & { code?: unknown }
  }
  throw new Error('expected a throw')
}
