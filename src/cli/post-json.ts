/**
 * The answer to a {@link postJson} that was not 2xx: its status and its body as text.
 *
 * @example
 * const error = new RefusedPost('/steps', 400, '{"error":"invalid run data"}')
 * error.message // 'POST /steps answered 400 {"error":"invalid run data"}'
 */
export class RefusedPost extends Error {
  constructor(
    path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`POST ${path} answered ${status} ${body}`)
    this.name = 'RefusedPost'
  }
}

/**
 * POSTs `body` as JSON with the global `fetch`, as the mini-program's `Taro.request` would, and
 * resolves with the JSON answer. An answer that is not 2xx rejects with a {@link RefusedPost}.
 *
 * @example
 * const { days } = await postJson<{ days: DailySteps[] }>(`${backend.url}/steps`, { platform, code, encryptedData, iv })
 */
export async function postJson<T>(url: string, body: object): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const text = await response.text()
  if (!response.ok) throw new RefusedPost(new URL(url).pathname, response.status, text)
  return JSON.parse(text) as T
}
