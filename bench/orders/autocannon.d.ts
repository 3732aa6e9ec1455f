/** The part of autocannon 8's programmatic API this benchmark uses (the package ships no types). */
declare module 'autocannon' {
  type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string };
  type RequestSpec = Request & {
    setupRequest?: (req: Request) => Request;
    onResponse?: (status: number, body: string) => void;
  };
  type Options = { url: string; connections?: number; duration?: number; amount?: number; requests?: RequestSpec[] };
  type Histogram = { p50: number; p90: number; p99: number; average: number; max: number };
  type Result = { latency: Histogram; requests: Histogram & { total: number }; errors: number; timeouts: number; non2xx: number };
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
