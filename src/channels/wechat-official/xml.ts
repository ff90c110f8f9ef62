// WeChat's callback XML (`<xml><ToUserName><![CDATA[…]]></ToUserName>…</xml>`), read and written with
// fast-xml-parser: every field a string, as sent.
import { XMLBuilder, XMLParser } from 'fast-xml-parser'

const parser = new XMLParser({
  parseTagValue: false,
  ignoreAttributes: true,
  processEntities: true,
  trimValues: true,
})

const builder = new XMLBuilder({ cdataPropName: '__cdata', format: false })

/** The `<xml>` root's fields as strings (nested elements are dropped); undefined when it is not such XML. */
export function readXml(text: string): Record<string, string> | undefined {
  let parsed: unknown
  try {
    parsed = parser.parse(text)
  } catch {
    return undefined
  }
  const root = (parsed as { xml?: unknown } | undefined)?.xml
  if (!root || typeof root !== 'object') return undefined
  const fields: Record<string, string> = {}
  for (const [name, value] of Object.entries(root as Record<string, unknown>)) {
    if (typeof value === 'string' || typeof value === 'number') fields[name] = String(value)
  }
  return fields
}

/** `<xml>` with each field in CDATA (numbers bare, as WeChat writes CreateTime and TimeStamp). */
export function writeXml(fields: Record<string, string | number>): string {
  const root: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(fields)) root[name] = typeof value === 'number' ? value : { __cdata: value }
  return builder.build({ xml: root }) as string
}
