// The fast Keyv encoding writes what Keyv's own would, byte for byte, and reads both back the same, including
// the one escape Keyv's format has (string values that start with ':').
import { defaultDeserialize, defaultSerialize } from '@keyv/serialize'
import { describe, expect, it } from 'vitest'
import { deserializeLikeKeyv, serializeLikeKeyv } from '../../src/storage/keyv-json.js'

const samples: unknown[] = [
  { value: { v: 1, userId: 'u1', profile: { industry: 'food_delivery' }, submitted: [], form: undefined }, expires: 1798482487782 },
  { value: { name: ':张三', note: 'a:b', list: [':x', 'y', { k: '::z' }] }, expires: null },
  { value: { 'key,': 1, '[': ':', empty: '' }, expires: 5 },
  { value: [':first', 2, null], expires: undefined },
  { value: '冒号:在中间', expires: 1 },
  { value: ':leading', expires: 1 },
]

describe('Keyv values in Redis', () => {
  it('are written exactly as Keyv writes them', () => {
    for (const sample of samples) expect(serializeLikeKeyv(sample)).toBe(defaultSerialize(sample as never))
  })

  it('read back as Keyv reads them, whoever wrote them', () => {
    for (const sample of samples) {
      const stored = defaultSerialize(sample as never)
      expect(deserializeLikeKeyv(stored)).toEqual(defaultDeserialize(stored))
      expect(deserializeLikeKeyv(serializeLikeKeyv(sample))).toEqual(defaultDeserialize(stored))
    }
  })
})
