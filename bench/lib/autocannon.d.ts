/** The part of autocannon 9's API this suite uses (the package ships no types). */
declare module 'autocannon' {
  type Headers = Record<string, string>
  export type Request = {
    method?: string
    path?: string
    headers?: Headers
    body?: string | Buffer
    setupRequest?: (request: Request, context: Record<string, unknown>) => Request
    onResponse?: (
      status: number,
      body: string,
      context: Record<string, unknown>,
      headers: Headers,
    ) => void
  }
  export type Histogram = {
    average: number
    mean: number
    stddev: number
    min: number
    max: number
    total: number
    p50: number
    p90: number
    p99: number
    p99_9: number
    sent?: number
  }
  export type Options = {
    url: string
    connections?: number
    /** Requests per second over all connections. */
    overallRate?: number
    duration?: number
    amount?: number
    /** Requests per second across all connections. */
    overallRate?: number
    timeout?: number
    pipelining?: number
    method?: string
    headers?: Headers
    body?: string | Buffer
    requests?: Request[]
  }
  export type Result = {
    duration: number
    errors: number
    timeouts: number
    non2xx: number
    resets: number
    '2xx': number
    latency: Histogram
    requests: Histogram
    throughput: Histogram
  }
  function autocannon(options: Options): Promise<Result>
  export default autocannon
}
