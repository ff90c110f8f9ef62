// Just enough XML for WeChat's app messages: entities, CDATA and the text of a named element.

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' }

export function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, code: string) => {
    if (code.startsWith('#x')) return String.fromCodePoint(parseInt(code.slice(2), 16))
    if (code.startsWith('#')) return String.fromCodePoint(parseInt(code.slice(1), 10))
    return NAMED_ENTITIES[code] ?? whole
  })
}

/** The text inside <tag>…</tag> (CDATA unwrapped, entities resolved), or undefined. */
export function elementText(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`).exec(xml)
  if (!match) return undefined
  return innerText(match[1])
}

export function innerText(raw: string): string {
  const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(raw)
  return cdata ? cdata[1] : unescapeXml(raw)
}

/** The value of attr on the first tag of the fragment. */
export function attribute(fragment: string, attr: string): string | undefined {
  const match = new RegExp(`^<[^>]*\\s${attr}="([^"]*)"`).exec(fragment)
  return match ? match[1] : undefined
}
