import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The files the control plane's PKI folder holds (`core/apiserver/auth/pki.ts`). */
const pkiFiles = ['ca.crt', 'ca.key', 'server.crt', 'server.key', 'admin.crt', 'admin.key'] as const;
const secret = (name: string) => name.endsWith('.key');

/** Read once per process: every test cluster of a process reuses the same certificates. */
let inMemory: Map<string, string> | undefined;

/**
 * Where test clusters of this user share one generated PKI: a 0700 folder in the temp dir,
 * named after the uid. Used only by the test harness; `capstan up` always creates its own PKI.
 */
export function testPkiCacheDir(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return join(tmpdir(), `capstan-test-pki-v1-${uid}`);
}

/** Whether `dir` is a folder (not a link) owned by this user and closed to others. */
function trustworthy(dir: string): boolean {
  try {
    const st = lstatSync(dir);
    if (!st.isDirectory()) return false;
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return false;
    return (st.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

function readCache(dir: string): Map<string, string> | undefined {
  if (inMemory) return inMemory;
  if (!trustworthy(dir) || !pkiFiles.every((f) => existsSync(join(dir, f)))) return undefined;
  try {
    inMemory = new Map(pkiFiles.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
    return inMemory;
  } catch {
    return undefined;
  }
}

/**
 * Seeds `<dataDir>/pki` from the cache so that the control plane loads certificates instead of
 * generating RSA keys. Returns false when there is nothing cached yet.
 */
export function seedPkiFromCache(dataDir: string, cacheDir = testPkiCacheDir()): boolean {
  const cached = readCache(cacheDir);
  if (!cached) return false;
  const target = join(dataDir, 'pki');
  mkdirSync(target, { recursive: true, mode: 0o700 });
  for (const [name, text] of cached) writeFileSync(join(target, name), text, { mode: secret(name) ? 0o600 : 0o644 });
  return true;
}

/**
 * Stores the PKI the control plane generated in `<dataDir>/pki` as the cache (atomically: written
 * to a private folder, then renamed; a cache another process stored first wins). Errors are
 * ignored: the cache only saves time.
 */
export function storePkiInCache(dataDir: string, cacheDir = testPkiCacheDir()): void {
  const source = join(dataDir, 'pki');
  if (!pkiFiles.every((f) => existsSync(join(source, f)))) return;
  inMemory ??= new Map(pkiFiles.map((f) => [f, readFileSync(join(source, f), 'utf8')]));
  if (existsSync(cacheDir)) return;
  const staging = `${cacheDir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    mkdirSync(staging, { mode: 0o700 });
    for (const f of pkiFiles) copyFileSync(join(source, f), join(staging, f));
    renameSync(staging, cacheDir);
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
}
