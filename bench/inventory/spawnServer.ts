import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('./inventoryServer.ts', import.meta.url));

export type RunningServer = Readonly<{ child: ChildProcess; port: number; key: string; stop: () => Promise<void> }>;

/** Starts bench/inventory/inventoryServer.ts in its own process and resolves once it listens. */
export const startInventoryServer = (skus: number): Promise<RunningServer> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SERVER, String(skus)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const stop = async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /READY (\d+) (\S*)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]), key: m[2] ?? '', stop });
    });
    child.on('exit', (code) => reject(new Error(`inventory server exited with ${code} before it was ready`)));
  });
