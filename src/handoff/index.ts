// The hand-off's public surface.
export type * from './types.js'
export { DELIVERY_STATUSES } from './types.js'
export { createSqliteApplicationStore } from './sqlite-outbox.js'
export { newApplicationId, normalizeApplicationId, APPLICATION_ID_PATTERN } from './application-id.js'
export { createDeliveryWorker, describeHandoff, type DeliveryWorker, type DeliveryWorkerOptions } from './worker.js'
export { maskApplicationFields, redactApplicationFields, maskName } from './mask-fields.js'
export { webhookBody } from './attempt.js'
export { signPayload, webhookHeaders, secretKey } from './signing.js'
