// The fast path's replies leave together at the end of the loop's turn (reply-batch.ts), on a real node:http
// server: held while the turn runs, sent in the order they were made, and one that cannot be sent is closed and
// keeps none of the others back.
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createReplyBatch } from '../../src/channels/http/reply-batch.js'

let server: Server | undefined
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

/**
 * A server that collects `count` requests' responses, then hands them to `respond` all in one turn of the loop.
 * Each client's outcome: its status and body, or the error its request failed with.
 */
async function collect(count: number, respond: (responses: ServerResponse[]) => void): Promise<Array<{ status: number; text: string } | { failed: string }>> {
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
      try {
        const res = await fetch(url, { method: 'POST', body: '{}' })
        return { status: res.status, text: await res.text() }
      } catch (err) {
        return { failed: (err as Error).message }
      }
    }),
  )
}

const texts = (outcomes: Awaited<ReturnType<typeof collect>>) => outcomes.map((o) => ('text' in o ? o.text : 'failed'))

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
    expect(texts(replies).map((t) => JSON.parse(t).n).sort()).toEqual([0, 1, 2, 3, 4]) // each client's own, in whatever order they arrived
    expect(errors).toEqual([])
  })

  it('reports a reply that cannot be sent, closes its connection, and still sends the others', async () => {
    const errors: unknown[] = []
    // The report itself fails too: that must not cost the rest of the batch either.
    const batch = createReplyBatch((err) => {
      errors.push(err)
      throw new Error('the logger failed as well')
    })
    const replies = await collect(3, (responses) => {
      responses.forEach((res, i) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        if (i === 1) {
          res.end = (() => {
            throw new Error('cannot send') // a failure forced here: node:http itself does not throw on a closed socket
          }) as typeof res.end
        }
        batch.end(res, Buffer.from(JSON.stringify({ n: i })))
      })
    })
    expect(errors).toHaveLength(1)
    expect((errors[0] as Error).message).toBe('cannot send')
    // The failed reply's client is not left waiting: its connection is closed.
    expect(texts(replies).sort()).toEqual(['failed', '{"n":0}', '{"n":2}'])
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
    expect(texts(replies).sort()).toEqual(['first', 'second'])
  })
})
