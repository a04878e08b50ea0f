/**
 * The testing kit's one error rule: a misuse (a bad option, a second mock installed while one is
 * installed) throws a `TypeError` whose message starts with the function's name. What the mocks
 * answer inside a test follows the native conventions instead: `{ errMsg }` data.
 *
 * With `undefined` (a check that found nothing) it does nothing, so a check's answer can be
 * passed straight in.
 */
export function misuse(api: string, problem: string): never
export function misuse(api: string, problem: string | undefined): void
export function misuse(api: string, problem: string | undefined): void {
  if (problem !== undefined) throw new TypeError(`${api}: ${problem}`)
}
