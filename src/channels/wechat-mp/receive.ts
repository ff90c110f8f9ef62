// 公众号 callbacks: the URL check, the signature, the safe-mode decryption (and the appid in it), the message.
import type { CallbackCrypto } from '../wechat-official/crypto.js'
import { readXml } from '../wechat-official/xml.js'

export type Received =
  | { status: 401 | 400 }
  /** Signed right but sealed for another appid: no answer. */
  | { status: 'foreign' }
  | { status: 'ok'; message: Record<string, string> }

type Query = Record<string, string | undefined>

/** GET: the echostr back when the signature holds. */
export function verifyUrl(crypto: CallbackCrypto, q: Query): string | undefined {
  const { signature = '', timestamp = '', nonce = '', echostr } = q
  return echostr !== undefined && crypto.plainSignatureOk(signature, timestamp, nonce) ? echostr : undefined
}

export function receive(crypto: CallbackCrypto, safeMode: boolean, q: Query, body: string): Received {
  const { timestamp = '', nonce = '' } = q
  if (!safeMode) {
    if (!crypto.plainSignatureOk(q.signature ?? '', timestamp, nonce)) return { status: 401 }
    const message = readXml(body)
    return message ? { status: 'ok', message } : { status: 400 }
  }
  const outer = readXml(body)
  const encrypted = outer?.Encrypt
  if (!encrypted) return crypto.plainSignatureOk(q.signature ?? '', timestamp, nonce) ? { status: 400 } : { status: 401 }
  if (!crypto.messageSignatureOk(q.msg_signature ?? '', timestamp, nonce, encrypted)) return { status: 401 }
  const plain = crypto.open(encrypted)
  if (plain === undefined) return { status: 'foreign' }
  const message = readXml(plain)
  return message ? { status: 'ok', message } : { status: 400 }
}
