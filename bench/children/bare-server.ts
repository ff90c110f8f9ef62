// The floor: a bare node:http server that reads the body and answers a fixed JSON. The assistant's
// throughput is reported as a share of this one's, measured in the same run on the same machine.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

// BARE_BODY_BYTES pads the answer to that size: the floor for a reply as large as the assistant's (~2 KB).
const padTo = Number(process.env.BARE_BODY_BYTES ?? 0)
const base = JSON.stringify({ ok: true, answer: 'fixed' })
const body = padTo > base.length ? JSON.stringify({ ok: true, answer: 'x'.repeat(padTo - base.length + 5) }) : base
const server = createServer((req, res) => {
  req.resume()
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body))
})
server.listen(0, '127.0.0.1', () => {
  process.send!({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })
})
process.once('SIGTERM', () => server.close(() => process.exit(0)))
