// Operators' view of the outbox: list applications (personal data masked) and retry one now.
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { normalizeApplicationId } from '../../handoff/application-id.js'
import { maskApplicationFields } from '../../handoff/mask-fields.js'
import { DELIVERY_STATUSES, type ApplicationStore, type StoredApplication } from '../../handoff/types.js'

export interface ApplicationsRouteOptions {
  store: ApplicationStore
  /** Woken after a retry so the delivery starts at once. */
  worker?: { wake(): void }
  /** False when no HANDOFF_WEBHOOK_URL is set: owed applications show delivery `not_configured`. */
  handoffConfigured?: boolean
  /** The office's answers (src/casework): each view gets caseStatus and history (CONTRACT.md "Case status"). */
  caseInfo?: (ids: string[]) => Promise<Map<string, CaseInfo>>
}

/** What the casework adds to an application's view. */
export interface CaseInfo {
  caseStatus: string | null
  history: Array<{ status: string; at: string; message?: string }>
}

/** CONTRACT.md `delivery`: the delivery status, or `not_configured` while one is owed and there is nowhere to send it. */
export function deliveryOf(app: StoredApplication, handoffConfigured = true): string {
  if (!handoffConfigured && (app.status === 'pending' || app.status === 'delivering')) return 'not_configured'
  return app.status
}

const listQuery = z.object({
  status: z.enum(DELIVERY_STATUSES as [string, ...string[]], { message: `must be one of ${DELIVERY_STATUSES.join(', ')}` }).optional(),
  q: z.string().trim().min(1, { message: 'must be a reference number, a phone number or its last 4 digits' }).max(64).optional(),
  limit: z.coerce
    .number({ message: 'must be a whole number from 1 to 500' })
    .int({ message: 'must be a whole number from 1 to 500' })
    .min(1, { message: 'must be a whole number from 1 to 500' })
    .max(500, { message: 'must be a whole number from 1 to 500' })
    .default(50),
})

const ID_SHAPE = /^[A-Za-z0-9_-]{1,64}$/

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  return `${issue.path.join('.') || 'query'}: ${issue.message}`
}

/** What an operator sees: delivery state, and fields masked (ID, phone, names). */
export function toOperatorView(app: StoredApplication, handoffConfigured = true, info?: CaseInfo) {
  return {
    id: app.id,
    form: app.form,
    channel: app.channel,
    submittedAt: app.submittedAt,
    status: app.status,
    delivery: deliveryOf(app, handoffConfigured),
    caseStatus: info?.caseStatus ?? null,
    history: info?.history ?? [],
    tries: app.tries,
    lastError: app.lastError,
    lastStatusCode: app.lastStatusCode,
    nextAttemptAt: app.nextAttemptAt,
    deliveredAt: app.deliveredAt,
    fields: maskApplicationFields(app.fields),
  }
}

async function findId(store: ApplicationStore, raw: string): Promise<string | undefined> {
  if (await store.get(raw)) return raw
  const normalised = normalizeApplicationId(raw)
  if (normalised !== raw && (await store.get(normalised))) return normalised
  return undefined
}

/** ?q=: a reference number (as read out: a7k3-m9q2t), a phone number (+86, spaces, dashes) or its last 4 digits. */
async function searchStore(store: ApplicationStore, q: string, limit: number): Promise<StoredApplication[]> {
  const digits = q.replace(/[\s-]/g, '').replace(/^(?:\+?86)(?=1\d{10}$)/, '')
  if (/^\d{4}$/.test(digits) || /^1\d{10}$/.test(digits)) return store.findByPhone(digits, limit)
  if (!ID_SHAPE.test(q.replace(/\s/g, ''))) return []
  const id = await findId(store, q.replace(/\s/g, ''))
  const application = id ? await store.get(id) : undefined
  return application && !application.resubmission ? [application] : []
}

export function registerApplicationsRoutes(app: FastifyInstance, options: ApplicationsRouteOptions): void {
  const { store, worker } = options
  const configured = options.handoffConfigured !== false
  const search = (q: string, limit: number) => searchStore(store, q, limit)
  const views = async (apps: StoredApplication[]) => {
    const info = options.caseInfo && apps.length ? await options.caseInfo(apps.map((a) => a.id)) : undefined
    return apps.map((a) => toOperatorView(a, configured, info?.get(a.id)))
  }

  app.get('/api/applications', async (request, reply) => {
    const parsed = listQuery.safeParse(request.query ?? {})
    if (!parsed.success) return reply.code(400).send({ error: firstIssue(parsed.error) })
    const { status, limit, q } = parsed.data
    if (q !== undefined) return { applications: await views(await search(q, limit)) }
    const [applications, counts] = await Promise.all([
      store.list({ status: status as StoredApplication['status'] | undefined, limit }),
      store.countByStatus(),
    ])
    return { applications: await views(applications), counts }
  })

  app.get<{ Params: { id: string } }>('/api/applications/:id', async (request, reply) => {
    const raw = request.params.id
    if (!ID_SHAPE.test(raw)) return reply.code(400).send({ error: 'id: must be an application id such as A7K3M9Q2T' })
    const id = await findId(store, raw)
    const application = id ? await store.get(id) : undefined
    // A 补正 re-submission's outbox entry is part of its application, not one of its own.
    if (!application || application.resubmission) return reply.code(404).send({ error: `no application ${raw}` })
    return (await views([application]))[0]
  })

  app.post<{ Params: { id: string } }>('/api/applications/:id/retry', async (request, reply) => {
    const raw = request.params.id
    if (!ID_SHAPE.test(raw)) return reply.code(400).send({ error: 'id: must be an application id such as A7K3M9Q2T' })
    const id = await findId(store, raw)
    if (!id) return reply.code(404).send({ error: `no application ${raw}` })
    const outcome = await store.retry(id)
    if (outcome === 'not_found') return reply.code(404).send({ error: `no application ${raw}` })
    if (outcome === 'already_delivered') return reply.code(409).send({ error: `application ${id} is already delivered` })
    if (outcome === 'in_flight') return reply.code(409).send({ error: `application ${id} is being delivered right now` })
    worker?.wake()
    const current = await store.get(id)
    return { id, status: current?.status ?? 'pending', nextAttemptAt: current?.nextAttemptAt ?? null }
  })
}
