// Callbacks as WeChat sends them, signed and encrypted with Tencent's own library (@wecom/crypto) and written
// with fast-xml-parser, independently of the channel's code.
import { createHash, randomBytes } from 'node:crypto'
import { encrypt, getSignature, decrypt } from '@wecom/crypto'
import { XMLBuilder, XMLParser } from 'fast-xml-parser'

const builder = new XMLBuilder({ cdataPropName: '__cdata' })
const parser = new XMLParser({ parseTagValue: false })

export const xml = (fields: Record<string, string | number>) =>
  builder.build({ xml: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'number' ? v : { __cdata: v }])) }) as string

export const readXml = (text: string): Record<string, string> => parser.parse(text).xml

export const aesKey = () => randomBytes(32).toString('base64').replace(/[^A-Za-z0-9]/g, 'A').slice(0, 43)

export interface Signer {
  token: string
  aesKey: string
  id: string
}

/** A signed, encrypted POST: its query string and body. */
export function sealed(s: Signer, inner: string, opts: { id?: string; badSignature?: boolean } = {}) {
  const timestamp = String(Math.floor(Date.now() / 1000))
  const nonce = String(Math.floor(Math.random() * 1e9))
  const Encrypt = encrypt(s.aesKey, inner, opts.id ?? s.id)
  let msg_signature = getSignature(s.token, timestamp, nonce, Encrypt)
  if (opts.badSignature) msg_signature = msg_signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))
  const signature = createHash('sha1').update([s.token, timestamp, nonce].sort().join('')).digest('hex')
  const query = new URLSearchParams({ signature, timestamp, nonce, encrypt_type: 'aes', msg_signature })
  return { query: query.toString(), body: xml({ ToUserName: 'gh_test', Encrypt }) }
}

export function openReply(s: Signer, body: string): string {
  const outer = readXml(body)
  if (getSignature(s.token, outer.TimeStamp, outer.Nonce, outer.Encrypt) !== outer.MsgSignature) throw new Error('bad reply signature')
  const { message, id } = decrypt(s.aesKey, outer.Encrypt)
  if (id !== s.id) throw new Error('reply sealed for another id')
  return message
}

export async function post(url: string, body: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body })
  return { status: res.status, text: await res.text() }
}

export const until = async (check: () => boolean, timeoutMs = 5000, what = 'condition') => {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** The environment that switches a 公众号 on with this signer's keys, its API at `apiBase` (the stub's URL). */
export const mpEnv = (s: Signer, apiBase: string) => ({
  WECHAT_MP_APPID: s.id,
  WECHAT_MP_SECRET: 'mpsecret',
  WECHAT_MP_TOKEN: s.token,
  WECHAT_MP_AES_KEY: s.aesKey,
  WECHAT_API_BASE: apiBase,
})
