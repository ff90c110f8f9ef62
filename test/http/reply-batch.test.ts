// The fast path's replies leave together at the end of the loop's turn (reply-batch.ts), on a real node:http
// server: held while the turn runs, sent in the order they were made, and one that cannot be sent keeps none
// of the others back.
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createReplyBatch } from '../../src/channels/http/reply-batch.js'

let server: Server | undefined
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

/** A server that collects `count` requests' responses, then hands them to `respond` all in one turn of the loop. */
async function collect(count: number, respond: (responses: ServerResponse[]) => void): Promise<{ status: number; text: string }[]> {
  const waiting: ServerResponse[] = []
  server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      waiting.push(res)
      if (waiting.length === count) respond(waiting)
    })
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  return Promise.all(
    Array.from({ length: count }, async () => {
      const res = await fetch(url, { method: 'POST', body: '{}' })
      return { status: res.status, text: await res.text() }
    }),
  )
}

describe('the reply batch', () => {
  it('holds replies until the end of the turn, then sends them all in the order they were made', async () => {
    const errors: unknown[] = []
    const batch = createReplyBatch((err) => errors.push(err))
    const heldDuringTurn: boolean[] = []
    const endedOrder: number[] = []
    const replies = await collect(5, (responses) => {
      responses.forEach((res, i) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.on('finish', () => endedOrder.push(i))
        batch.end(res, Buffer.from(JSON.stringify({ n: i })))
        heldDuringTurn.push(!res.writableEnded)
      })
    })
    expect(heldDuringTurn).toEqual([true, true, true, true, true])
    expect(endedOrder).toEqual([0, 1, 2, 3, 4])
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
    expect(replies.map((r) => JSON.parse(r.text).n).sort()).toEqual([0, 1, 2, 3, 4])
    expect(errors).toEqual([])
  })

  it('reports a reply that cannot be sent and still sends the others', async () => {
    const errors: unknown[] = []
    const batch = createReplyBatch((err) => errors.push(err))
    const replies = await collect(3, (responses) => {
      responses.forEach((res, i) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        if (i === 1) {
          // This one's end fails (as on a response torn down under it); its client is answered by hand afterwards.
          const end = res.end.bind(res)
          res.end = (() => {
            res.end = end as typeof res.end
            setImmediate(() => end('{"late":true}'))
            throw new Error('cannot send')
          }) as typeof res.end
        }
        batch.end(res, Buffer.from(JSON.stringify({ n: i })))
      })
    })
    expect(errors).toHaveLength(1)
    expect((errors[0] as Error).message).toBe('cannot send')
    expect(replies.map((r) => r.text).sort()).toEqual(['{"late":true}', '{"n":0}', '{"n":2}'])
  })

  it('sends a reply made later in a turn of its own', async () => {
    const batch = createReplyBatch(() => undefined)
    const replies = await collect(2, (responses) => {
      responses[0].writeHead(200)
      batch.end(responses[0], Buffer.from('first'))
      setTimeout(() => {
        responses[1].writeHead(200)
        batch.end(responses[1], Buffer.from('second'))
      }, 20)
    })
    expect(replies.map((r) => r.text).sort()).toEqual(['first', 'second'])
  })
})
