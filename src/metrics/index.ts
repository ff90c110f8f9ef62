export { createMetrics, HTTP_BUCKETS_SECONDS, type AppMetrics } from './metrics.js'
export { collectDeliveries, collectLlmUsage } from './scrape-time.js'
export { countAnswers, countMessages, formEvents, observeHttpLatency } from './instrument.js'
