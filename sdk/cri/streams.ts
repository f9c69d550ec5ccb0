import type { Readable, Writable } from 'node:stream';

/** Options of `containerLogs`, mirroring the `pods/log` query parameters. */
export interface LogOptions {
  /** Keep streaming new output until the container stops or the signal aborts. */
  readonly follow?: boolean;
  /** Only the last N lines (0 gives none); all lines when absent. */
  readonly tailLines?: number;
  /** Only output written at or after this time (`sinceSeconds`/`sinceTime`). */
  readonly since?: Date;
  /** Prefix every line with its RFC 3339 timestamp with nanoseconds and a space, as `kubectl logs --timestamps`. */
  readonly timestamps?: boolean;
  /** Which streams to return; both when absent. */
  readonly streams?: readonly ('stdout' | 'stderr')[];
}

/** A piece of a container's output. */
export interface LogChunk {
  readonly stream: 'stdout' | 'stderr';
  readonly data: Buffer;
}

/** Terminal size for `resize`. */
export interface TerminalSize {
  readonly width: number;
  readonly height: number;
}

/** Options of an interactive `exec`. */
export interface ExecOptions {
  readonly cmd: readonly string[];
  /** Open a stdin stream to the process. */
  readonly stdin?: boolean;
  /** Allocate a TTY (stdout and stderr are then one stream). */
  readonly tty?: boolean;
  readonly env?: readonly { readonly key: string; readonly value: string }[];
  readonly workingDir?: string;
  readonly user?: string;
}

/** Options of `attach`. */
export interface AttachOptions {
  /** Attach to stdin (the container must have been created with `stdin: true`). */
  readonly stdin?: boolean;
  readonly stdout?: boolean;
  readonly stderr?: boolean;
}

/**
 * An open exec or attach session. The caller reads `stdout`/`stderr`, writes `stdin` (ending it
 * closes the process's stdin) and awaits `exit`.
 */
export interface StreamSession {
  /** Present when stdin was requested. */
  readonly stdin?: Writable;
  readonly stdout: Readable;
  /** Absent with a TTY (the terminal carries both streams on stdout). */
  readonly stderr?: Readable;
  /** Whether the session has a TTY. */
  readonly tty: boolean;
  /** Resizes the TTY; a no-op without one. */
  resize(size: TerminalSize): Promise<void>;
  /**
   * Resolves when the streams end: for exec with the process's exit code, for attach with the
   * container's exit code if it exited (undefined when only the session was closed).
   */
  readonly exit: Promise<{ readonly exitCode: number | undefined }>;
  /** Ends the session early (the process keeps running for attach). Idempotent. */
  close(): void;
}

/** Result of `execSync`. */
export interface ExecSyncResult {
  /** Exit code of the command; undefined when it timed out. */
  readonly exitCode: number | undefined;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  /** True when `timeoutSeconds` passed before the command ended (the command may still run). */
  readonly timedOut: boolean;
}

/** Options of `execSync`. */
export interface ExecSyncOptions {
  /** Give up after this many seconds (probes' `timeoutSeconds`); no limit when absent or 0. */
  readonly timeoutSeconds?: number;
  /** Bytes written to the command's stdin, which is then closed. */
  readonly stdin?: Buffer | string;
}
