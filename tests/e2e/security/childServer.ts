import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export type Child = Readonly<{
  process: ChildProcess;
  port: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first stdout line (from now on) matching `pattern`. */
  nextLine: (pattern: RegExp) => Promise<string>;
  /** Resolves once `count` stdout lines (from now on) matched `pattern`. */
  lines: (pattern: RegExp, count: number) => Promise<void>;
}>;

/** Starts tests/e2e/security/serverChild.ts and resolves once it listens. */
export async function startChild(env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/e2e/security/serverChild.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: process.env.OMS_TEST_LOG ?? 'silent', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const lines = createInterface({ input: child.stdout! });
  const nextLine = (pattern: RegExp) =>
    new Promise<string>((resolve) => {
      const onLine = (line: string) => {
        if (!pattern.test(line)) return;
        lines.off('line', onLine);
        resolve(line);
      };
      lines.on('line', onLine);
    });
  const countLines = (pattern: RegExp, count: number) =>
    new Promise<void>((resolve) => {
      let seen = 0;
      const onLine = (line: string) => {
        if (pattern.test(line) && ++seen === count) {
          lines.off('line', onLine);
          resolve();
        }
      };
      lines.on('line', onLine);
    });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('child did not start in time')), timeoutMs);
    void exited.then(({ code, signal }) => reject(new Error(`child exited before listening (${code ?? signal})`)));
    lines.on('line', (line) => {
      const m = /^\{"port":(\d+)\}$/.exec(line.trim());
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  return { process: child, port, exited, nextLine, lines: countLines };
}
