// Keyv's value encoding for Redis, as Keyv writes it but faster. Keyv's default (@keyv/serialize) walks every
// value in JavaScript on the way in and revives every value on the way out (the bench saw it at a tenth of a
// form turn). Its format is plain JSON except for one escape: a string value that starts with ':' gets a
// second ':' (and Buffers become ':base64:…'). So: plain JSON.stringify / JSON.parse whenever no string value
// starts with ':', Keyv's own functions otherwise. What is stored is byte for byte what Keyv would store.
import { defaultDeserialize, defaultSerialize } from '@keyv/serialize'

/** A JSON string value (after ':', ',' or '[') that starts with ':'. A key can match too: that only costs speed. */
const COLON_LED_STRING = /[:,[]":/

export function serializeLikeKeyv(data: unknown): string {
  const json = JSON.stringify(data)
  return COLON_LED_STRING.test(json) ? defaultSerialize(data) : json
}

export function deserializeLikeKeyv<T>(raw: string): T {
  return (COLON_LED_STRING.test(raw) ? defaultDeserialize(raw) : JSON.parse(raw)) as T
}
