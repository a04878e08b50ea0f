/**
 * POSTs `body` as JSON with the global `fetch`, as the mini-program's `Taro.request` would, and
 * resolves with the JSON answer. An answer that is not 2xx rejects, with its status and body.
 *
 * @example
 * const { token } = await postJson<{ token: string }>(`${backend.url}/login`, { code })
 */
export async function postJson<T>(url: string, body: object): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`POST ${new URL(url).pathname} answered HTTP ${response.status}: ${text}`)
  return JSON.parse(text) as T
}
