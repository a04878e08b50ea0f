import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Reply } from './handler/answer'
import type { Pipeline } from './handler/pipeline'
import type { Body } from './handler/read-request'
import type { NodeListener } from './handler/types'

/** How much of a refused body is read and dropped so that the client can read its 413. */
const DRAIN_LIMIT = 1024 * 1024

/** The body as a body parser left it in `req.body`: parsed, or as text or bytes. */
function parsedBody(body: unknown, limit: number): Body {
  if (typeof body != 'string' && !Buffer.isBuffer(body)) return { json: body }
  if (Buffer.byteLength(body) > limit) return 'too large'
  return { text: body.toString('utf8') }
}

/**
 * Reads `req` up to `limit` bytes for at most `ms`; past either, stops reading and leaves the rest
 * unread. Resolves `undefined` when the client went away first.
 */
const readBody = (req: IncomingMessage, limit: number, ms: number) =>
  new Promise<Body | undefined>((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (body: Body | undefined) => {
      clearTimeout(timer)
      req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone)
      if (typeof body == 'string') req.pause()
      resolve(body)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) chunks.push(chunk)
      else done('too large')
    }
    const onEnd = () => done({ text: Buffer.concat(chunks).toString('utf8') })
    const onGone = () => done(undefined)
    const timer = setTimeout(done, ms, 'timed out')
    req.on('data', onData).on('end', onEnd).on('error', onGone).on('close', onGone)
  })

function send(res: ServerResponse, { status, headers, body }: Reply): void {
  res.writeHead(status, body ? { ...headers, 'content-length': Buffer.byteLength(body) } : headers)
  res.end(body)
}

/**
 * Sends a refusal that leaves the body unread. Closing a socket with unread bytes makes the
 * kernel answer them with a reset, which can destroy the answer before the client reads it
 * (the "lingering close" of RFC 9112, 9.6). So the status line goes out at once, and the
 * connection stays open while the rest of the body is dropped, up to {@link DRAIN_LIMIT} bytes or
 * `ms`, then ends.
 */
function refuseUnread(req: IncomingMessage, res: ServerResponse, reply: Reply, ms: number): void {
  const { headers } = req
  const hasBody = Number(headers['content-length']) > 0 || headers['transfer-encoding'] !== undefined
  // With `Expect: 100-continue` and no `100 Continue` sent, the client sends no body.
  if (!hasBody || req.readableEnded || (headers.expect && !(res as { _sent100?: boolean })._sent100)) return send(res, reply)
  res.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) })
  res.write(reply.body)
  res.flushHeaders()
  let dropped = 0
  const finish = () => {
    clearTimeout(timer)
    req.off('data', onData).off('end', finish).off('close', finish)
    res.end()
  }
  const onData = (chunk: Buffer) => {
    dropped += chunk.length
    if (dropped > DRAIN_LIMIT) finish()
  }
  const timer = setTimeout(finish, ms)
  req.on('data', onData).on('end', finish).on('close', finish).resume()
}

/**
 * The Node form of the endpoint. Also a `checkContinue` listener: it sends `100 Continue` only to
 * a request it accepts, so an oversized one gets its 413 before it sends a byte.
 */
export function nodeTransport(pipeline: Pipeline): NodeListener {
  return async (req, res) => {
    const { headers } = req
    const refusal = pipeline.refuse(req.method!, headers['content-type'], headers['content-length'])
    if (refusal) return refuseUnread(req, res, refusal, pipeline.bodyTimeout)
    const parsed = (req as { body?: unknown }).body
    let body: Body | undefined
    // A body parser that ran has read the stream; one that only set `req.body = {}` has not.
    if (req.readableEnded) body = parsed === undefined ? 'consumed' : parsedBody(parsed, pipeline.maxBodyBytes)
    else {
      // `_sent100`: node:http already sent it, as it does for a `request` listener.
      if (/100-continue/i.test(headers.expect ?? '') && !(res as { _sent100?: boolean })._sent100) res.writeContinue()
      body = await readBody(req, pipeline.maxBodyBytes, pipeline.bodyTimeout)
    }
    if (!body) return void res.destroy()
    const reply = await pipeline.answer(body)
    if (body == 'too large') refuseUnread(req, res, reply, pipeline.bodyTimeout)
    else send(res, reply)
  }
}
