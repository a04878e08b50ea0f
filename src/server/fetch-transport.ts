import type { Reply } from './handler/answer'
import type { Pipeline } from './handler/pipeline'
import type { Body } from './handler/read-request'

/**
 * Reads a web stream up to `limit` bytes, for at most `ms`; cancels it, unread, past either.
 * Resolves `{ text: '' }` when the stream broke: the body is then as good as not JSON.
 */
async function readText(stream: ReadableStream<Uint8Array> | null, limit: number, ms: number): Promise<Body> {
  if (!stream) return { text: '' }
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<'timed out'>((resolve) => (timer = setTimeout(resolve, ms, 'timed out')))
  const stop = (body: Body) => {
    void reader.cancel().catch(() => {})
    return body
  }
  try {
    for (;;) {
      const read = await Promise.race([reader.read(), late])
      if (read == 'timed out') return stop(read)
      if (read.done) break
      size += read.value.byteLength
      if (size > limit) return stop('too large')
      chunks.push(read.value)
    }
  } catch {
    return { text: '' }
  } finally {
    clearTimeout(timer)
  }
  return { text: Buffer.concat(chunks).toString('utf8') }
}

const toResponse = ({ status, headers, body }: Reply) => new Response(body || null, { status, headers })

/** The Fetch form of the endpoint: `(request) => Promise<Response>`. */
export function fetchTransport(pipeline: Pipeline): (request: Request) => Promise<Response> {
  return async (request) => {
    const { headers } = request
    const refusal = pipeline.refuse(request.method, headers.get('content-type'), headers.get('content-length'))
    if (refusal) return toResponse(refusal)
    return toResponse(await pipeline.answer(await readText(request.body, pipeline.maxBodyBytes, pipeline.bodyTimeout)))
  }
}
