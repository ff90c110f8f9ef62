// autocannon ships no types (and @types/autocannon is not installed): just what the bench uses.
declare module 'autocannon' {
  namespace autocannon {
    interface Request {
      method?: 'GET' | 'POST'
      path?: string
      headers?: Record<string, string>
      body?: string
      setupRequest?: (request: any, context: any) => any
    }
    interface Options {
      url: string
      connections?: number
      duration?: number
      /** Stop after this many requests instead of after `duration`. */
      amount?: number
      timeout?: number
      requests?: Request[]
    }
    interface Histogram {
      average: number
      total: number
      p50: number
      p99: number
    }
    interface Result {
      requests: Histogram
      latency: Histogram
      errors: number
      timeouts: number
      non2xx: number
    }
  }
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>
  export default autocannon
}
