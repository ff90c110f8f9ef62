// POST /api/webhooks/case-status: the office's signed status events (CONTRACT.md "Case status"). The signature
// (Standard Webhooks, CASE_STATUS_SECRET) is the route's authentication; API_TOKEN does not apply to it.
import type { FastifyInstance } from 'fastify'
import { Webhook } from 'standardwebhooks'
import { notBefore } from './quiet-hours.js'
import { noticeText } from './texts.js'
import { caseEventSchema, type CaseStore } from './types.js'

export const CASE_STATUS_PATH = '/api/webhooks/case-status'

/** The application as the route needs it (the hand-off's store answers this). */
export interface ApplicationLookup {
  get(id: string): Promise<{ id: string; form: string; channel: string; userId: string; resubmission?: unknown } | undefined>
}

export interface CaseStatusRouteOptions {
  secret?: string
  store: CaseStore
  applications: ApplicationLookup
  formTitle: (formId: string) => string
  fieldLabel?: (formId: string, fieldId: string) => string | undefined
  quietHours: boolean
  /** Channels whose notices are pushed (wechat); the others wait for the worker's next message. */
  pushChannels: ReadonlySet<string>
  /** Called after a notice to push was written. */
  onNotice?: () => void
  logger?: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void }
  now?: () => number
}

export function registerCaseStatusRoute(app: FastifyInstance, options: CaseStatusRouteOptions): void {
  const webhook = options.secret ? new Webhook(options.secret) : undefined
  const now = options.now ?? Date.now
  void app.register(async (scope) => {
    // The signature is over the raw body: keep it as a string here.
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body))
    scope.post(CASE_STATUS_PATH, async (request, reply) => {
      if (!webhook) return reply.code(404).send({ error: 'case status is not configured (CASE_STATUS_SECRET)' })
      const raw = typeof request.body === 'string' ? request.body : ''
      const header = (name: string) => String(request.headers[name] ?? '')
      let payload: unknown
      try {
        payload = webhook.verify(raw, {
          'webhook-id': header('webhook-id'),
          'webhook-timestamp': header('webhook-timestamp'),
          'webhook-signature': header('webhook-signature'),
        })
      } catch (error) {
        // A bad body that is correctly signed parses inside verify(): tell the two apart.
        if (error instanceof SyntaxError) return reply.code(400).send({ error: 'body: not valid JSON' })
        return reply.code(401).send({ error: 'signature: missing, wrong or too old (Standard Webhooks, CASE_STATUS_SECRET)' })
      }
      const parsed = caseEventSchema.safeParse(payload)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        return reply.code(400).send({ error: `${issue.path.join('.') || 'body'}: ${issue.message}` })
      }
      const event = parsed.data
      const webhookId = header('webhook-id')
      const application = await options.applications.get(event.applicationId)
      // A 补正 re-submission's outbox entry is not an application the office can answer about.
      if (!application || application.resubmission) return reply.code(404).send({ error: `no application ${event.applicationId}` })
      const push = options.pushChannels.has(application.channel)
      const at = now()
      const text = noticeText(event, options.formTitle(application.form), (field) => options.fieldLabel?.(application.form, field))
      const outcome = await options.store.accept(webhookId, event, {
        channel: application.channel,
        userId: application.userId,
        text,
        push,
        dueAt: push ? notBefore(at, options.quietHours) : at,
      })
      if (outcome === 'unknown_application') return reply.code(404).send({ error: `no application ${event.applicationId}` })
      options.logger?.info({ applicationId: event.applicationId, status: event.status, outcome }, 'case status')
      if (outcome === 'accepted' && push) options.onNotice?.()
      return { ok: true, outcome }
    })
  })
}
