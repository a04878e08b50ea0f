// Encrypts test payloads the way QQ does (AES-128-CBC, PKCS#7, standard base64), so every
// fixture is made here rather than copied from a real device.
import { createCipheriv } from 'node:crypto'
import type { DecryptOptions } from '../../src/server'
import { APP_ID } from '../fixtures/run-data'

export const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex')
export const IV = Buffer.from('f0e1d2c3b4a5968778695a4b3c2d1e0f', 'hex')
export const SESSION_KEY = KEY.toString('base64')
export const IV_BASE64 = IV.toString('base64')

/** `plaintext` (an object is serialised as JSON) encrypted with `key` and `iv`, as base64. */
export function encrypt(plaintext: unknown, key: Uint8Array = KEY, iv: Uint8Array = IV): string {
  const cipher = createCipheriv('aes-128-cbc', key, iv)
  const text = typeof plaintext == 'string' ? plaintext : JSON.stringify(plaintext)
  return Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]).toString('base64')
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
