/**
 * Errors the CLI raises itself, and the mapping of every error to one line and an exit code.
 * Exit codes scripts can rely on: 0 success, 1 an error (server, network, file, cluster state),
 * 2 a usage error (bad flags, arguments or combinations of them).
 */

/** Exit code of a usage error. */
export const usageExitCode = 2;
/** Exit code of every other error. */
export const errorExitCode = 1;

/** A mistake in how the command was called (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure that is already explained in its message (exit code 1, or the given code). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = errorExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** One line and the exit code describing an error, as the CLI prints it. */
export interface ErrorReport {
  message: string;
  exitCode: number;
}

interface StatusLike {
  reason?: string;
  message?: string;
  details?: { name?: string; kind?: string; causes?: { reason?: string; message?: string; field?: string }[] };
}

interface ApiErrorLike {
  name: string;
  code: number;
  reason: string;
  message: string;
  causes?: { reason?: string; message?: string; field?: string }[];
  status?: unknown;
}

const networkCodes: Record<string, (host: string) => string> = {
  ECONNREFUSED: (h) => `The connection to the server ${h} was refused - did you specify the right host or port?`,
  ENOTFOUND: (h) => `Unable to connect to the server: dial tcp: lookup ${h}: no such host`,
  EAI_AGAIN: (h) => `Unable to connect to the server: dial tcp: lookup ${h}: temporary failure in name resolution`,
  ETIMEDOUT: (h) => `Unable to connect to the server ${h}: the connection timed out`,
  EHOSTUNREACH: (h) => `Unable to connect to the server ${h}: no route to host`,
  ECONNRESET: (h) => `Unable to connect to the server ${h}: the connection was reset`,
};

/** Flattens a message onto one line. */
export function oneLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
}

function isApiError(e: unknown): e is ApiErrorLike {
  return (
    e instanceof Error &&
    typeof (e as Partial<ApiErrorLike>).code === 'number' &&
    typeof (e as Partial<ApiErrorLike>).reason === 'string'
  );
}

/**
 * The message kubectl prints for a Status error: `Error from server (Reason): message`, or for
 * 422 Invalid `The Kind "name" is invalid: field: message, ...` built from the details.
 */
export function apiErrorMessage(e: ApiErrorLike): string {
  const status = (e.status ?? {}) as StatusLike;
  if (e.code === 422 && status.details?.kind) {
    const causes = status.details.causes ?? e.causes ?? [];
    const parts = causes.map((c) => (c.field ? `${c.field}: ${c.message ?? ''}` : (c.message ?? '')));
    const name = status.details.name ? ` "${status.details.name}"` : '';
    return `The ${status.details.kind}${name} is invalid: ${parts.join(', ') || e.message}`;
  }
  if (e.code === 422) return `The request is invalid: ${e.message}`;
  if (e.code === 409 && (e.causes ?? []).some((c) => c.reason === 'FieldManagerConflict'))
    return `${e.message} (re-run with --force-conflicts to take ownership of the fields)`;
  const reason = e.reason || statusReasonForCode(e.code);
  return `Error from server${reason ? ` (${reason})` : ''}: ${e.message}`;
}

function statusReasonForCode(code: number): string {
  const reasons: Record<number, string> = {
    400: 'BadRequest',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    405: 'MethodNotAllowed',
    409: 'Conflict',
    410: 'Expired',
    415: 'UnsupportedMediaType',
    429: 'TooManyRequests',
    500: 'InternalError',
    503: 'ServiceUnavailable',
    504: 'Timeout',
  };
  return reasons[code] ?? '';
}

/** True for oclif's parser errors (unknown flag, missing argument, bad flag value, ...). */
function isParseError(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const o = e as { parse?: unknown; oclif?: { exit?: number }; constructor?: { name?: string } };
  if (o.parse !== undefined) return true;
  return o.oclif?.exit === 2;
}

/**
 * Describes any error as one line and an exit code. `server` names the API server for network
 * errors (host:port).
 */
export function reportError(e: unknown, server?: string): ErrorReport {
  if (e instanceof UsageError) return { message: oneLine(e.message), exitCode: usageExitCode };
  if (e instanceof CliError) return { message: oneLine(e.message), exitCode: e.exitCode };
  if (isParseError(e)) {
    const lines = String((e as Error).message)
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !/^See more help with/.test(l));
    return { message: oneLine(lines.join(' ')), exitCode: usageExitCode };
  }
  if (isApiError(e)) return { message: oneLine(apiErrorMessage(e)), exitCode: errorExitCode };
  const err = e as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = err?.code ?? err?.cause?.code;
  const host = server ? server.replace(/^https?:\/\//, '') : 'the API server';
  if (typeof code === 'string' && networkCodes[code]) return { message: networkCodes[code](host), exitCode: 1 };
  if (typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code))
    return {
      message: `Unable to connect to the server ${host}: tls: ${oneLine(err.message)} (is the kubeconfig for this cluster?)`,
      exitCode: 1,
    };
  if (typeof code === 'string' && code === 'ENOENT' && err.path)
    return { message: `${err.path}: no such file or directory`, exitCode: 1 };
  const message = e instanceof Error ? e.message : String(e);
  return { message: oneLine(message) || 'unknown error', exitCode: errorExitCode };
}
