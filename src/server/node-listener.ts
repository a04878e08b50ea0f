import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Body, Exchange, Reply } from './create-run-data-handler'

/**
 * A `(req, res)` listener for `node:http`, Express and Connect (which pass a third `next`, unused).
 * Its Promise resolves once the answer is sent and never rejects.
 *
 * @example
 * const listener: NodeListener = createRunDataHandler({ qq: { appId, appSecret } }).node
 * http.createServer(listener).listen(3000)
 */
export type NodeListener = (req: IncomingMessage, res: ServerResponse, next?: unknown) => Promise<void>

/** The body as a body parser left it in `req.body`: parsed, or as text or bytes. */
function parsedBody(body: unknown, limit: number): Body {
  if (typeof body != 'string' && !Buffer.isBuffer(body)) return { json: body }
  if (Buffer.byteLength(body) > limit) return 'too large'
  return { text: body.toString('utf8') }
}

/**
 * Reads `req` up to `limit` bytes; past it, stops reading and leaves the rest unread. Resolves
 * `undefined` when the client went away first.
 */
const readBody = (req: IncomingMessage, limit: number) =>
  new Promise<Body | undefined>((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (body: Body | undefined) => {
      req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone)
      resolve(body)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) return void chunks.push(chunk)
      req.pause()
      done('too large')
    }
    const onEnd = () => done({ text: Buffer.concat(chunks).toString('utf8') })
    const onGone = () => done(undefined)
    req.on('data', onData).on('end', onEnd).on('error', onGone).on('close', onGone)
  })

function send(res: ServerResponse, { status, headers, body }: Reply): void {
  res.writeHead(status, body ? { ...headers, 'content-length': Buffer.byteLength(body) } : headers)
  res.end(body)
}

/** The Node form of the endpoint `exchange` is the logic of. */
export function nodeListener(exchange: Exchange): NodeListener {
  return async (req, res) => {
    const { headers } = req
    const refusal = exchange.refuse(req.method!, headers['content-type'], headers['content-length'])
    if (refusal) return send(res, refusal)
    const parsed = (req as { body?: unknown }).body
    let body: Body | undefined
    // A body parser that ran has read the stream; one that only set `req.body = {}` has not.
    if (!req.readableEnded) body = await readBody(req, exchange.maxBodyBytes)
    else body = parsed === undefined ? 'consumed' : parsedBody(parsed, exchange.maxBodyBytes)
    if (body) send(res, await exchange.answer(body))
    else res.destroy()
  }
}
