// The callback crypto every official WeChat channel shares (WXBizMsgCrypt: 公众号, 企业微信, 微信客服), through
// Tencent's own library: signatures, AES-256-CBC with the EncodingAESKey, and the appid/corpid check on receipt.
import { createHash, timingSafeEqual } from 'node:crypto'
import { decrypt, encrypt, getSignature } from '@wecom/crypto'

export interface CallbackCrypto {
  /** 公众号's plain signature: sha1 of the sorted token, timestamp and nonce. */
  plainSignatureOk(signature: string, timestamp: string, nonce: string): boolean
  /** msg_signature: sha1 of the sorted token, timestamp, nonce and the Encrypt text. */
  messageSignatureOk(signature: string, timestamp: string, nonce: string, encrypted: string): boolean
  /** The plaintext, or undefined when it does not decrypt or was sealed for another appid/corpid. */
  open(encrypted: string): string | undefined
  /** An encrypted passive reply: `<xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>`'s fields. */
  seal(message: string, timestamp: string, nonce: string): { encrypted: string; signature: string }
}

export interface CryptoSettings {
  token: string
  /** The 43-character EncodingAESKey; unset: 公众号 plain mode (no message crypto). */
  aesKey?: string
  /** The appid (公众号) or CorpID (企业微信) every plaintext must end with. */
  receiverId: string
}

export function createCallbackCrypto({ token, aesKey, receiverId }: CryptoSettings): CallbackCrypto {
  return {
    plainSignatureOk: (signature, timestamp, nonce) =>
      sameText(signature, createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex')),
    messageSignatureOk: (signature, timestamp, nonce, encrypted) =>
      sameText(signature, getSignature(token, timestamp, nonce, encrypted)),
    open(encrypted) {
      if (!aesKey) return undefined
      try {
        const { message, id } = decrypt(aesKey, encrypted)
        return id === receiverId ? message : undefined
      } catch {
        return undefined
      }
    },
    seal(message, timestamp, nonce) {
      if (!aesKey) throw new Error('no EncodingAESKey: cannot encrypt')
      const encrypted = encrypt(aesKey, message, receiverId)
      return { encrypted, signature: getSignature(token, timestamp, nonce, encrypted) }
    },
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase())
  const y = Buffer.from(b.toLowerCase())
  return x.length === y.length && timingSafeEqual(x, y)
}
