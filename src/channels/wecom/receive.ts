// 企业微信 callbacks (the app's messages and 微信客服's events alike): the URL check (echostr URL-decoded,
// verified, decrypted, returned bare) and the encrypted POST, the CorpID inside checked.
import type { CallbackCrypto } from '../wechat-official/crypto.js'
import { readXml } from '../wechat-official/xml.js'

type Query = Record<string, string | undefined>

export type Received = { status: 401 | 400 } | { status: 'foreign' } | { status: 'ok'; message: Record<string, string> }

/** The decrypted echostr, 401 for a bad signature, 'foreign' for another corp's. */
export function verifyUrl(crypto: CallbackCrypto, q: Query): { status: 401 | 'foreign' } | { status: 'ok'; echo: string } {
  // The query parser turns a bare `+` into a space; base64 has no spaces.
  const echostr = (q.echostr ?? '').replace(/ /g, '+')
  if (!echostr || !crypto.messageSignatureOk(q.msg_signature ?? '', q.timestamp ?? '', q.nonce ?? '', echostr)) return { status: 401 }
  const echo = crypto.open(echostr)
  return echo === undefined ? { status: 'foreign' } : { status: 'ok', echo }
}

export function receive(crypto: CallbackCrypto, q: Query, body: string): Received {
  const encrypted = readXml(body)?.Encrypt
  if (!encrypted || !crypto.messageSignatureOk(q.msg_signature ?? '', q.timestamp ?? '', q.nonce ?? '', encrypted)) {
    return encrypted ? { status: 401 } : { status: 400 }
  }
  const plain = crypto.open(encrypted)
  if (plain === undefined) return { status: 'foreign' }
  const message = readXml(plain)
  return message ? { status: 'ok', message } : { status: 400 }
}
