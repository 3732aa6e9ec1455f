import { readFileSync } from 'node:fs';
import os from 'node:os';

export type MachineInfo = Readonly<{
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  platform: string;
  date: string;
  /** 1/5/15-minute load averages: on a shared machine, other processes' CPU use shows in every figure. */
  loadAverage: readonly number[];
}>;

const cpuModel = (): string => {
  try {
    const model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
    if (model) return model.trim();
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return os.cpus()[0]?.model ?? 'unknown';
};

export const loadAverage = (): number[] => os.loadavg().map((l) => Number(l.toFixed(2)));

export const machineInfo = (date = new Date()): MachineInfo => ({
  cpu: cpuModel(),
  cores: os.cpus().length,
  ramGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
  node: process.version,
  platform: `${os.type()} ${os.release()} ${os.arch()}`,
  date: date.toISOString(),
  loadAverage: loadAverage(),
});

export const describeMachine = (m: MachineInfo): string =>
  `${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, Node ${m.node}, ${m.platform}, ${m.date}, load ${m.loadAverage.join(' ')}`;
