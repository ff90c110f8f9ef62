// A real Wechaty on wechaty-puppet-mock, logged in as the assistant, with a worker, a union staff member
// and a group; every message the assistant sends is recorded per chat.
import type { EventEmitter } from 'node:events'
import { FileBox } from 'file-box'
import { WechatyBuilder, types, type Wechaty } from 'wechaty'
import { PuppetMock, mock } from 'wechaty-puppet-mock'

export const BOT_NAME = '政策助手'

export interface Sent {
  text: string
  mentionIdList?: string[]
}

export interface MockWechat {
  bot: Wechaty
  mocker: mock.Mocker
  me: mock.ContactMock
  worker: mock.ContactMock
  staff: mock.ContactMock
  room: mock.RoomMock
  /** Another contact whose 1:1 messages from the assistant are recorded too. */
  addContact(name: string): mock.ContactMock
  /** What the assistant sent to a contact (1:1) or a room, in order. */
  sentTo(id: string): string[]
  /** Waits until the assistant has sent at least n messages to that chat. */
  waitFor(id: string, n: number, timeoutMs?: number): Promise<string[]>
  /** Does act(), then returns what the assistant sent to that chat once it has sent something and gone quiet. */
  exchange(id: string, act: () => void, quietMs?: number): Promise<string[]>
  /** Does act(), waits, and returns whatever was sent to that chat meanwhile (expected: nothing). */
  silence(id: string, act: () => void, waitMs?: number): Promise<string[]>
  /** A raw message of any type from a contact, to the assistant or into a room. */
  emitRaw(payload: { id: string; talkerId: string; type: number; text: string; roomId?: string; timestamp?: number }): void
  /** A voice (or other file) message backed by a FileBox, so toFileBox() works. */
  emitFile(payload: { id: string; talkerId: string; type: number; name: string; data: Buffer }): void
  stop(): Promise<void>
}

export async function startMockWechat(): Promise<MockWechat> {
  const mocker = new mock.Mocker()
  const bot = WechatyBuilder.build({ puppet: new PuppetMock({ mocker }) })
  await bot.start()
  const me = mocker.createContact({ name: BOT_NAME })
  mocker.login(me)
  const worker = mocker.createContact({ name: '骑手小王' })
  const staff = mocker.createContact({ name: '工会老李' })
  const room = mocker.createRoom({ topic: '工会咨询群', memberIdList: [me.id, worker.id, staff.id] })

  const sent = new Map<string, string[]>()
  const record = (chatId: string, text: string) => sent.set(chatId, [...(sent.get(chatId) ?? []), text])
  // The mocks are event emitters whose typings do not resolve here.
  type Heard = { payload: { talkerId?: string; listenerId?: string; roomId?: string; text?: string } }
  const listen = (target: unknown, onMessage: (m: Heard) => void) => (target as EventEmitter).on('message', onMessage)
  const recordOneToOne = (contact: mock.ContactMock) =>
    listen(contact, ({ payload: p }) => {
      if (p.talkerId === me.id && !p.roomId && p.listenerId === contact.id) record(contact.id, p.text ?? '')
    })
  recordOneToOne(worker)
  recordOneToOne(staff)
  listen(room, ({ payload: p }) => {
    if (p.talkerId === me.id) record(room.id, p.text ?? '')
  })

  const waitFor = async (id: string, n: number, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs
    while ((sent.get(id)?.length ?? 0) < n) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${n} messages to ${id}; got ${JSON.stringify(sent.get(id) ?? [])}`)
      await new Promise((r) => setTimeout(r, 10))
    }
    return sent.get(id) ?? []
  }

  const count = (id: string) => sent.get(id)?.length ?? 0
  const exchange = async (id: string, act: () => void, quietMs = 250) => {
    const before = count(id)
    act()
    await waitFor(id, before + 1)
    let seen = count(id)
    for (;;) {
      await new Promise((r) => setTimeout(r, quietMs))
      if (count(id) === seen) break
      seen = count(id)
    }
    return (sent.get(id) ?? []).slice(before)
  }
  const silence = async (id: string, act: () => void, waitMs = 300) => {
    const before = count(id)
    act()
    await new Promise((r) => setTimeout(r, waitMs))
    return (sent.get(id) ?? []).slice(before)
  }

  return {
    bot, mocker, me, worker, staff, room, waitFor, exchange, silence,
    sentTo: (id) => sent.get(id) ?? [],
    addContact(name) {
      const contact = mocker.createContact({ name })
      recordOneToOne(contact)
      return contact
    },
    emitRaw({ id, talkerId, type, text, roomId, timestamp = Date.now() }) {
      mocker.MessageMock.create({ id, talkerId, listenerId: roomId ? undefined : me.id, roomId, timestamp, type, text } as never)
      mocker.puppet.emit('message', { messageId: id })
    },
    emitFile({ id, talkerId, type, name, data }) {
      mocker.MessageMock.create({ id, talkerId, listenerId: me.id, timestamp: Date.now(), type, text: '' } as never)
      mocker.cacheFileBoxPayload.set(id, FileBox.fromBase64(data.toString('base64'), name).toJSON())
      mocker.puppet.emit('message', { messageId: id })
    },
    async stop() {
      await bot.stop()
    },
  }
}

export { types }
