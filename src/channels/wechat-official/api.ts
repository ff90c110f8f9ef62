// A small client for WeChat's HTTP APIs (api.weixin.qq.com, qyapi.weixin.qq.com, or a stub in tests). An answer
// with a non-zero errcode is a WechatApiError; a network failure, a timeout or a 5xx is a TransportError, the
// only kind worth retrying.
export class WechatApiError extends Error {
  constructor(readonly errcode: number, readonly errmsg: string, readonly path: string) {
    super(`${path}: errcode ${errcode} ${errmsg}`)
    this.name = 'WechatApiError'
  }
}

export class TransportError extends Error {
  constructor(message: string, readonly path: string) {
    super(`${path}: ${message}`)
    this.name = 'TransportError'
  }
}

/** The access token was revoked, expired or is not the latest: fetch a new one (once) and try again. */
export const TOKEN_ERRCODES = new Set([40001, 42001, 40014])

export interface WechatApi {
  get(path: string, query: Record<string, string>): Promise<Record<string, unknown>>
  post(path: string, query: Record<string, string>, body: unknown): Promise<Record<string, unknown>>
}

export function createWechatApi(base: string, timeoutMs = 5000): WechatApi {
  const root = base.replace(/\/+$/, '')
  async function call(method: 'GET' | 'POST', path: string, query: Record<string, string>, body?: unknown) {
    const url = `${root}${path}?${new URLSearchParams(query).toString()}`
    let response: Response
    try {
      response = await fetch(url, {
        method,
        headers: body === undefined ? undefined : { 'content-type': 'application/json; charset=utf-8' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (error) {
      throw new TransportError(error instanceof Error ? error.message : String(error), path)
    }
    if (response.status >= 500 || response.status === 429) throw new TransportError(`HTTP ${response.status}`, path)
    let json: Record<string, unknown>
    try {
      json = (await response.json()) as Record<string, unknown>
    } catch {
      throw new TransportError(`HTTP ${response.status}, not JSON`, path)
    }
    const errcode = Number(json.errcode ?? 0)
    // -1: 系统繁忙, the platform's own "try again".
    if (errcode === -1) throw new TransportError('errcode -1 system busy', path)
    if (errcode !== 0) throw new WechatApiError(errcode, String(json.errmsg ?? ''), path)
    return json
  }
  return {
    get: (path, query) => call('GET', path, query),
    post: (path, query, body) => call('POST', path, query, body),
  }
}
