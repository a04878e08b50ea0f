// The handler mounted as docs/server.md's recipes mount it, each in the real framework, on
// 127.0.0.1:0 and at /steps.
import { getRequestListener } from '@hono/node-server'
import express from 'express'
import Fastify from 'fastify'
import { Hono } from 'hono'
import Koa from 'koa'
import type { RunDataHandler } from 'taro-qq-run-data/server'
import { onLoopback, onNodeHttp, type Running } from './helpers'

export const FRAMEWORKS: Record<string, (handler: RunDataHandler) => Promise<Running>> = {
  'node:http': onNodeHttp,
  'Express 5': (handler) => {
    const app = express()
    app.all('/steps', handler.node)
    return onLoopback(app)
  },
  'Koa 3': (handler) => {
    const app = new Koa()
    app.use(async (ctx, next) => {
      if (ctx.path != '/steps') return next()
      ctx.respond = false
      await handler.node(ctx.req, ctx.res)
    })
    return onLoopback(app.callback())
  },
  'Fastify 5': async (handler) => {
    const app = Fastify()
    await app.register(async (scope) => {
      // The handler reads and checks the body itself.
      scope.removeAllContentTypeParsers()
      scope.addContentTypeParser('*', (_request, _payload, done) => done(null))
      scope.all('/steps', (request, reply) => {
        reply.hijack()
        return handler.node(request.raw, reply.raw)
      })
    })
    await app.ready()
    // Fastify's own request handling, served on the same loopback server as the others.
    const running = await onLoopback((req, res) => app.routing(req, res))
    return {
      ...running,
      close: async () => {
        await running.close()
        await app.close()
      },
    }
  },
  'Hono on @hono/node-server': (handler) => {
    const app = new Hono()
    app.all('/steps', (c) => handler(c.req.raw))
    // The listener that @hono/node-server's serve() and createAdaptorServer() put on their server.
    return onLoopback(getRequestListener(app.fetch))
  },
}
