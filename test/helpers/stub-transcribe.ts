// An OpenAI-compatible /audio/transcriptions endpoint on loopback: answers every upload with a fixed text
// and records what it was sent, so a test can check the multipart request.
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface TranscribeRequest {
  authorization?: string
  contentType?: string
  body: string
  fileBytes: number
}

export interface StubTranscribe {
  baseUrl: string
  requests: TranscribeRequest[]
  /** The text the next uploads are transcribed to. */
  setText(text: string): void
  close(): Promise<void>
}

export async function startStubTranscribe(initialText = ''): Promise<StubTranscribe> {
  let text = initialText
  const requests: TranscribeRequest[] = []
  const server = createServer(async (req, res) => {
    const body = await readBody(req)
    if (req.method !== 'POST' || req.url !== '/v1/audio/transcriptions') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}')
      return
    }
    const latin = body.toString('latin1')
    const file = /name="file"; filename="[^"]*"\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(latin)
    requests.push({
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      body: body.toString('utf8'),
      fileBytes: file ? Buffer.byteLength(file[1], 'latin1') : 0,
    })
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    setText: (next) => { text = next },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}
