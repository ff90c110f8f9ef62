// Shared bits for the end-to-end hand-off tests: applicants with valid personal data, a client for
// /api/chat, and a driver that completes a form the way a worker would, answering whatever is asked.
import { randomBytes } from 'node:crypto'
import { expect } from 'vitest'
import { idCheckChar } from '../../src/intake/parsers/id-number.js'

export const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Polls `check` every 10 ms until it holds; rejects with `what` after timeoutMs. */
export async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not met within ${timeoutMs} ms`)
    await sleep(10)
  }
}

export type FormId = 'union_membership' | 'work_injury_insurance'

export const TRIGGERS: Record<FormId, string> = {
  union_membership: '我想加入工会',
  work_injury_insurance: '我想申请新业态工伤保险',
}

export const PROGRAMME_OF: Record<FormId, string> = {
  union_membership: 'union_membership',
  work_injury_insurance: 'new_forms_work_injury_insurance',
}

export interface Applicant {
  userId: string
  name: string
  /** Normalised values, as the webhook must carry them. */
  phone: string
  idNumber: string
  /** What the worker types: separators, +86, a lower-case x. */
  phoneTyped: string
  idTyped: string
}

const SURNAMES = [...'王李张刘陈杨赵黄周吴']
const GIVEN = [...'伟芳娜敏静丽强磊军洋']

/** Applicant number i (0…999): a distinct name, a valid mobile and a valid resident ID (birth 1990, Ningbo). */
export function applicant(i: number, prefix = 'e2e'): Applicant {
  const name = SURNAMES[i % 10] + '小' + GIVEN[Math.floor(i / 10) % 10]
  const phone = `139${String(57_000_000 + i * 7919).padStart(8, '0')}`
  const first17 = `330203199001${String((i % 28) + 1).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`
  const idNumber = first17 + idCheckChar(first17)
  return {
    userId: `${prefix}-user-${i}`,
    name,
    phone,
    idNumber,
    phoneTyped: i % 2 ? `+86 ${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}` : phone,
    idTyped: idNumber.toLowerCase(),
  }
}

export interface ChatReply {
  replies: string[]
  awaiting: string | null
  form: string | null
  applicationId: string | null
}

/** POST /api/chat on `baseUrl`; fails the test on anything but a 200. */
export async function chat(baseUrl: string, userId: string, text: string, headers: Record<string, string> = {}): Promise<ChatReply> {
  const res = await fetch(`${baseUrl}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ userId, text }),
  })
  const body = (await res.json()) as ChatReply & { error?: string }
  if (res.status !== 200) throw new Error(`/api/chat ${res.status} on ${JSON.stringify(text)}: ${JSON.stringify(body)}`)
  return body
}

function answerFor(person: Applicant, awaiting: string): string {
  switch (awaiting) {
    case 'consent': return '同意'
    case 'name': return person.name
    case 'phone': return person.phoneTyped
    case 'idNumber': return person.idTyped
    case 'industry': return '送外卖'
    case 'platform': return '美团'
    case 'proceed': return '继续'
    default: throw new Error(`the form asked for ${awaiting}, which these tests do not answer`)
  }
}

export interface Completed {
  applicationId: string
  /** The replies of the confirming turn: what the worker reads. */
  confirmation: string[]
  turns: number
}

/** Starts `form` and answers every question until the summary (the caller confirms). */
export async function fillForm(
  baseUrl: string,
  person: Applicant,
  form: FormId,
  headers: Record<string, string> = {},
): Promise<{ turns: number; summary: string[] }> {
  let reply = await chat(baseUrl, person.userId, TRIGGERS[form], headers)
  expect(reply.form).toBe(form)
  let turns = 1
  while (reply.awaiting !== 'confirm') {
    if (reply.awaiting === null || turns > 12) throw new Error(`form did not reach the summary: ${JSON.stringify(reply)}`)
    reply = await chat(baseUrl, person.userId, answerFor(person, reply.awaiting), headers)
    turns++
  }
  return { turns, summary: reply.replies }
}

/** A whole application through /api/chat: trigger, 同意, every field, 确认. */
export async function applyThroughChat(
  baseUrl: string,
  person: Applicant,
  form: FormId,
  headers: Record<string, string> = {},
): Promise<Completed> {
  const { turns } = await fillForm(baseUrl, person, form, headers)
  const done = await chat(baseUrl, person.userId, '确认', headers)
  if (!done.applicationId) throw new Error(`确认 did not submit: ${JSON.stringify(done)}`)
  expect(done).toMatchObject({ awaiting: null, form: null })
  return { applicationId: done.applicationId, confirmation: done.replies, turns: turns + 1 }
}

/** The normalised fields the webhook must carry for `person` on `form` (consent metadata included). */
export function expectedFields(person: Applicant, form: FormId): Record<string, unknown> {
  const common = {
    consent: true,
    consentAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/),
    consentNoticeVersion: expect.any(String),
    name: person.name,
    phone: person.phone,
    industry: 'food_delivery',
  }
  return form === 'union_membership' ? common : { ...common, idNumber: person.idNumber, platform: '美团' }
}

/** The exact top-level keys of CONTRACT.md's webhook body. */
export const WEBHOOK_BODY_KEYS = ['channel', 'eligibility', 'fields', 'form', 'id', 'policyVersion', 'submittedAt', 'type', 'userId']

/** The keys of one result of /api/eligibility. */
export const ELIGIBILITY_RESULT_KEYS = ['citations', 'missing', 'name', 'programId', 'reasons', 'status']
