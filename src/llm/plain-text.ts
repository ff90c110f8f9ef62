// Models drift into Markdown and reasoning traces; WeChat shows those as clutter. This only strips markup,
// it never rewrites words, so the grounding guard still judges what the model said.

export function toPlainText(reply: string): string {
  return reply
    .replace(/<think>[\s\S]*?<\/think>/gi, '') // reasoning models (DeepSeek R1, Qwen3) on compatible endpoints
    .replace(/\*\*|__|`/g, '')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s*[-*•·]\s+/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
