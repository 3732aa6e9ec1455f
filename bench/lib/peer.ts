import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The peer (Emmett) lives in bench/peer with its own package.json and lockfile, so its
 * dependencies (two native sqlite3 builds) never enter the project's lockfile. It is installed
 * on demand the first time a benchmark needs it.
 */
export const PEER_DIR = fileURLToPath(new URL('../peer/', import.meta.url));
const PACKAGES = ['@event-driven-io/emmett', '@event-driven-io/emmett-sqlite', 'sqlite3'];

export type PeerStatus = Readonly<{ available: true; versions: Readonly<Record<string, string>> } | { available: false; reason: string }>;

const packageDir = (name: string) => join(PEER_DIR, 'node_modules', ...name.split('/'));
const installed = () => PACKAGES.every((name) => existsSync(join(packageDir(name), 'package.json')));
const versionOf = (name: string): string => (JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string }).version;

let status: PeerStatus | undefined;

/** Installs bench/peer from its lockfile when absent (`npm ci`); never throws, reports why it is unavailable. */
export const ensurePeer = (log: (line: string) => void = console.log): PeerStatus => {
  if (status) return status;
  if (!installed()) {
    log(`peer: installing bench/peer (npm ci --prefix bench/peer; compiles sqlite3, a few minutes) ...`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['ci', '--prefix', PEER_DIR, '--no-audit', '--no-fund'], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 30 * 60_000 });
    if (result.error || result.status !== 0 || !installed()) {
      const reason = result.error ? result.error.message : `npm ci exited with ${String(result.status ?? result.signal)}`;
      status = { available: false, reason: `installing bench/peer failed: ${reason}` };
      return status;
    }
  }
  status = { available: true, versions: Object.fromEntries(PACKAGES.map((name) => [name, versionOf(name)])) };
  return status;
};

/** ESM entry of an installed peer package (its `exports["."].import`), imported by file URL. */
export const importPeer = async (name: string): Promise<unknown> => {
  const pkg = JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as {
    exports?: { '.'?: { import?: string | { default?: string } } };
    module?: string;
    main?: string;
  };
  const entry = pkg.exports?.['.']?.import;
  const file = (typeof entry === 'string' ? entry : entry?.default) ?? pkg.module ?? pkg.main ?? 'index.js';
  return import(pathToFileURL(join(packageDir(name), file)).href);
};
