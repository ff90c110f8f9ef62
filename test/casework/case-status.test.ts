// Issue 24: the office's signed status events, SQLite mode (the same suite runs on Redis in test/redis/).
import { caseStatusSuite } from './suite.js'

caseStatusSuite('sqlite', () => ({}))
