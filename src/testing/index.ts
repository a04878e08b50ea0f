export { encryptOpenData } from './encrypt-open-data'
export type { EncryptOpenDataOptions } from './encrypt-open-data'
export { mockQQRuntime } from './mock-qq-runtime'
export type { MockQQRuntime, MockQQRuntimeOptions } from './mock-qq-runtime'
