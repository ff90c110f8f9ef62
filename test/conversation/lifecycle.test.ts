// A conversation over time: a hard kill mid-form and a new process on the same DATA_DIR, stale forms expiring,
// coming back after a while, 删除我的信息, group chats, and the guided eligibility check.
import { spawn, type ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createKeyvSessionStore } from '../../src/conversation/session-store.js'
import type { Session } from '../../src/conversation/session.js'
import { sqliteKeyv } from '../../src/storage/keyv-sqlite-store.js'
import { openDatabase } from '../../src/storage/sqlite.js'
import { startTestApp, tempDataDir, type TestApp } from '../helpers/app.js'
import { chat, fillUnionForm, ID, said, worker } from './support.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const children: ChildProcess[] = []
const dirs: string[] = []
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
})
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** `npm start` as a real process on a free port; resolves with its URL once it logs that it started. */
function startProcess(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', OPENAI_API_KEY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()))
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString()
      const m = /"url":"(http:\/\/[^"]+)"[^\n]*assistant started/.exec(out)
      if (m) resolve({ url: m[1], child })
    })
    child.once('exit', (code) => reject(new Error(`app exited (${code}) before starting: ${out}${err}`)))
  })
}

async function post(url: string, userId: string, text: string) {
  const res = await fetch(`${url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, text }) })
  expect(res.status).toBe(200)
  return (await res.json()) as { replies: string[]; awaiting: string | null; form: string | null; applicationId: string | null }
}

/** The session's clock set back, as if its last message was `msAgo` ago. */
const aged = (msAgo: number) => (session: Session) => {
  const past = new Date(Date.now() - msAgo).toISOString()
  session.form!.updatedAt = past
  session.updatedAt = past
}

describe('resume after a hard kill', () => {
  it('a new process on the same DATA_DIR continues where the user was, and the application completes', { timeout: 60_000 }, async () => {
    const dataDir = tempDataDir()
    dirs.push(dataDir)
    const first = await startProcess(dataDir)
    await post(first.url, 'restart-1', '我想申请新业态工伤保险')
    await post(first.url, 'restart-1', '同意')
    await post(first.url, 'restart-1', '我叫李四，手机13700137000')
    const before = await post(first.url, 'restart-1', ID)
    expect(before.awaiting).toBe('industry')

    const exited = new Promise((r) => first.child.once('exit', r))
    first.child.kill('SIGKILL')
    await exited

    const t = await startTestApp({ DATA_DIR: dataDir })
    try {
      const say = worker(t, 'restart-1')
      const resumed = await say('送外卖', 'platform')
      expect(resumed.form).toBe('work_injury_insurance')
      await say('美团', 'confirm')
      const done = await say('确认', null)
      const stored = await t.app.applications.get(done.applicationId!)
      expect(stored!.fields).toMatchObject({ name: '李四', phone: '13700137000', idNumber: ID, industry: 'food_delivery', platform: '美团' })
    } finally {
      await t.close()
    }
  })
})

describe('time away', () => {
  let t: TestApp
  const dir = tempDataDir()
  dirs.push(dir)
  const env = { FORM_EXPIRY_HOURS: '2', DATA_DIR: dir }
  beforeAll(async () => {
    t = await startTestApp(env)
  })
  afterAll(async () => {
    await t?.close()
  })

  /**
   * Stops the app, changes a user's stored session with `edit` (say, its clock set back, as if the last message
   * was long ago), and starts a new process on the same DATA_DIR: the app keeps the sessions it serves in
   * memory, so nothing is ever changed behind a running app's back.
   */
  async function restartWithSession(userId: string, edit: (s: Session) => void): Promise<void> {
    await t.close()
    const db = openDatabase(dir)
    try {
      const store = createKeyvSessionStore(sqliteKeyv(db, 'sessions').keyv as never, 86_400_000)
      const session = await store.get(`api:${userId}`)
      if (!session?.form) throw new Error(`no form in session ${userId}`)
      edit(session)
      await store.set(`api:${userId}`, session)
    } finally {
      db.close()
    }
    t = await startTestApp(env)
  }

  it('a form left longer than FORM_EXPIRY_HOURS expires with a notice and its data is gone', async () => {
    const say = worker(t, 'stale-1')
    await say('我想加入工会', 'consent')
    await say('同意', 'name')
    await say('王小明', 'phone')
    await restartWithSession('stale-1', aged(3 * 3_600_000))
    const later = worker(t, 'stale-1')
    const reply = await later('13800138000')
    expect(reply.form).toBeNull()
    expect(said(reply)).toMatch(/超过2小时.*已自动取消/)
    // Starting again asks for consent and the name again.
    await later('我想加入工会', 'consent')
    await later('同意', 'name')
  })

  it('a session naming a form that no longer exists is told so once, then works normally', async () => {
    const say = worker(t, 'gone-form')
    await say('我想加入工会', 'consent')
    await restartWithSession('gone-form', (session) => (session.form!.formId = 'withdrawn_form'))
    const later = worker(t, 'gone-form')
    const reply = await later('同意', null)
    expect(said(reply)).toMatch(/停止受理/)
    await later('我想加入工会', 'consent')
  })

  it('back after a while (within the expiry) the form goes on with a welcome back', async () => {
    const say = worker(t, 'away-1')
    await say('我想加入工会', 'consent')
    await say('同意', 'name')
    await say('王小明', 'phone')
    await restartWithSession('away-1', aged(60 * 60_000))
    const reply = await worker(t, 'away-1')('13800138000', 'industry')
    expect(said(reply)).toMatch(/欢迎回来/)
  })
})

describe('privacy, groups and the guided check', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp()
  })
  afterAll(async () => {
    await t?.close()
  })

  it('删除我的信息 deletes the session, says what was deleted and what was already submitted', async () => {
    const say = worker(t, 'delete-1')
    await fillUnionForm(say, '周八')
    const done = await say('确认')
    await say('我想申请新业态工伤保险')
    await say('同意')
    await say('周八', 'phone')

    const reply = await say('删除我的信息', null)
    const text = said(reply)
    expect(reply.form).toBeNull()
    expect(text).toMatch(/已删除/)
    expect(text).toMatch(/正在办理的新业态从业人员工伤保险参保申请/)
    expect(text).toContain(done.applicationId!)
    expect(text).toMatch(/已经提交/)

    const db = openDatabase(t.dataDir)
    try {
      const store = createKeyvSessionStore(sqliteKeyv(db, 'sessions').keyv as never, 86_400_000)
      expect(await store.get('api:delete-1')).toBeUndefined()
    } finally {
      db.close()
    }
    // The form in progress is gone: the next message does not continue it.
    const after = await say('13800138000')
    expect(after.form).toBeNull()
  })

  it.each(['删掉我的资料', '把我信息删了', '清除我的数据', '删除信息', '注销'])('%s, said while a form waits for a field, deletes too, and is never stored as the answer', async (text) => {
    const say = worker(t, `delete-${text}`)
    await say('我想加入工会')
    await say('同意')
    await say('周八')
    await say('13800138000', 'industry')
    const reply = await say(text, null)
    expect(reply.form).toBeNull()
    expect(said(reply)).toMatch(/已删除/)
    expect(said(reply)).not.toMatch(/从业行业/)
  })

  it('取消 really deletes what the form collected, including what it put into the eligibility profile', async () => {
    const say = worker(t, 'cancel-profile')
    await say('我要申请灵活就业社保补贴')
    await say('同意')
    await say('我叫李四，宁波户口', 'phone')
    await say('取消', null)
    const db = openDatabase(t.dataDir)
    try {
      const session = await createKeyvSessionStore(sqliteKeyv(db, 'sessions').keyv as never, 86_400_000).get('api:cancel-profile')
      expect(session!.form).toBeUndefined()
      expect(session!.profile).toEqual({})
      expect(JSON.stringify(session)).not.toContain('李四')
    } finally {
      db.close()
    }
  })

  it('in a group, asking to apply gets an invitation to a 1:1 chat and starts no form', async () => {
    const reply = await t.app.handle({ channel: 'wechat', userId: 'wx-g1', conversationId: 'room-1:wx-g1', text: '我想申请新业态工伤保险', inGroup: true })
    expect(reply.form).toBeNull()
    expect(reply.awaiting).toBeNull()
    expect(said(reply as never)).toMatch(/私聊/)
    expect(said(reply as never)).not.toMatch(/个人信息告知|姓名/)
    // A private chat with the same person starts cleanly.
    const direct = await t.app.handle({ channel: 'wechat', userId: 'wx-g1', text: '我想申请新业态工伤保险' })
    expect(direct.awaiting).toBe('consent')
  })

  it('in a group, 我能申请什么 (which asks personal facts) is also invited to a 1:1 chat', async () => {
    const reply = await t.app.handle({ channel: 'wechat', userId: 'wx-g2', conversationId: 'room-1:wx-g2', text: '我能申请什么', inGroup: true })
    expect(reply.awaiting).toBeNull()
    expect(reply.replies.join('\n')).toMatch(/私聊/)
  })

  it('asking for a form during the guided check starts that form', async () => {
    const say = worker(t, 'guided-to-form')
    await say('我能申请什么', 'workType')
    const form = await say('我要申请欠薪维权求助', 'consent')
    expect(form.form).toBe('wage_arrears')
  })

  it('我能申请什么 asks only deciding facts and ends with grouped results', async () => {
    const say = worker(t, 'guided-1')
    let reply = await say('我能申请什么')
    const asked: string[] = []
    const answers: Record<string, string> = { workType: '1', startedBusiness: '没有', industry: '外卖', hukou: '宁波户口' }
    for (let i = 0; i < 20 && reply.awaiting; i++) {
      expect(asked, `asked twice: ${reply.awaiting}`).not.toContain(reply.awaiting)
      asked.push(reply.awaiting)
      reply = await say(answers[reply.awaiting] ?? '否')
    }
    expect(reply.awaiting).toBeNull()
    expect(asked[0]).toBe('workType')
    // Not in business: where and when the business started decide nothing, so they are never asked.
    expect(asked).not.toContain('businessLocation')
    expect(asked).not.toContain('businessStartDate')
    // A delivery rider: whether they drive ride-hailing full time decides nothing either.
    expect(asked).not.toContain('rideHailingFullTime')
    const text = said(reply)
    expect(text).toMatch(/【可以申请】/)
    expect(text).toMatch(/【需要再确认】/)
    // One answer that says something is enough for the results; 继续 asks the rest (eligibility-chat.test.ts).
    expect(asked).toEqual(['workType'])
    expect(text).toMatch(/新业态工伤保险/)
    expect(text).toMatch(/回复“申请”加编号/)
    expect(text).toMatch(/回复“继续”/)
    expect(text.length).toBeLessThanOrEqual(600)
  })
})

describe('storage errors', () => {
  it('a storage failure under the session store raises: /api/chat answers 500 {error}, never a fresh start', async () => {
    const t = await startTestApp()
    try {
      const say = worker(t, 'broken-1')
      await say('我想加入工会', 'consent')
      await say('同意', 'name')
      // Break the sessions' table underneath the running app (a second connection, as a failing disk would).
      const db = openDatabase(t.dataDir)
      db.exec('DROP TABLE keyv')
      db.close()
      const res = await t.post('/api/chat', { userId: 'broken-1', text: '李四' })
      expect(res.status).toBe(500)
      expect(res.body).toEqual({ error: expect.any(String) })
      await expect(t.app.handle({ channel: 'api', userId: 'broken-1', text: '李四' })).rejects.toThrow()
    } finally {
      await t.close()
    }
  })

  it('a closed database: handle() rejects instead of reading "no session"', async () => {
    const t = await startTestApp()
    await chat(t, 'closed-1', '我想加入工会')
    await t.close()
    await expect(t.app.handle({ channel: 'api', userId: 'closed-1', text: '同意' })).rejects.toThrow()
  })

  it('the session store itself throws on a closed database', async () => {
    const dir = tempDataDir()
    dirs.push(dir)
    const db = openDatabase(dir)
    const store = createKeyvSessionStore(sqliteKeyv(db, 'sessions').keyv as never, 86_400_000)
    db.close()
    await expect(store.get('api:x')).rejects.toThrow()
  })
})
