// Speech to text through any OpenAI-compatible /audio/transcriptions endpoint (OpenAI, a Whisper server).

export interface TranscriberOptions {
  baseUrl: string
  apiKey?: string
  model: string
  timeoutMs?: number
  /** Hint for Chinese speech; Whisper servers accept ISO-639-1. */
  language?: string
}

export interface AudioFile {
  data: Buffer
  name: string
  mimeType?: string
}

export interface Transcriber {
  transcribe(audio: AudioFile): Promise<string>
}

export function createTranscriber({ baseUrl, apiKey, model, timeoutMs = 30_000, language = 'zh' }: TranscriberOptions): Transcriber {
  const url = `${baseUrl.replace(/\/+$/, '')}/audio/transcriptions`
  return {
    async transcribe(audio) {
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(audio.data)], { type: audio.mimeType ?? 'application/octet-stream' }), audio.name)
      form.append('model', model)
      form.append('language', language)
      form.append('response_format', 'json')
      const response = await fetch(url, {
        method: 'POST',
        body: form,
        headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
        signal: AbortSignal.timeout(timeoutMs),
      })
      if (!response.ok) throw new Error(`transcription failed: HTTP ${response.status}`)
      const body = (await response.json()) as { text?: unknown }
      if (typeof body.text !== 'string') throw new Error('transcription failed: no text in the response')
      return body.text.trim()
    },
  }
}
