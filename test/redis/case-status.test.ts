// Issue 24: the office's signed status events with REDIS_URL (test/casework/suite.ts), under this file's prefix.
import { afterAll, describe } from 'vitest'
import { caseStatusSuite } from '../casework/suite.js'
import { REDIS_TEST_URL, cleanPrefix, skipUnlessRedis, testPrefix } from './support.js'

const redisUp = await skipUnlessRedis('redis case status')
const prefix = testPrefix('case')
afterAll(async () => {
  if (redisUp) await cleanPrefix(prefix)
})

describe.skipIf(!redisUp)('case status on Redis', () => {
  caseStatusSuite('redis', () => ({ REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: prefix }))
})
