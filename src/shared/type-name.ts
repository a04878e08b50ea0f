/**
 * The type of `value` as Taro's parameter errors name it (`… should be Object instead of
 * String`): `String`, `Number`, `Null`, `Array`, `Function`, and the built-in tag of anything
 * more specific (`Map`, `Date`, `BigInt`, …). Shared by every entry, so every message in the
 * library names types the same way.
 */
export const typeName = (value: unknown): string => ({}).toString.call(value).slice(8, -1)
