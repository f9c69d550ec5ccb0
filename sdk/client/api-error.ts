/** A Kubernetes Status as errors carry it. */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** An error answered by the API server, with its Status. Subclasses name the common reasons. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly causes: StatusCause[] = [],
    readonly status?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** 404 NotFound. */
export class NotFoundError extends ApiError {}
/** 409 AlreadyExists. */
export class AlreadyExistsError extends ApiError {}
/** 409 Conflict (stale resourceVersion, or server-side apply conflicts in `causes`). */
export class ConflictError extends ApiError {}
/** 422 Invalid, with the field causes. */
export class InvalidError extends ApiError {}
/** 410 Gone/Expired (a watch or continue token that is too old). */
export class GoneError extends ApiError {}
/** 401/403. */
export class ForbiddenError extends ApiError {}

/** Builds the typed error for a Status body (or a bare HTTP code). */
export function errorFromStatus(
  code: number,
  status: { reason?: string; message?: string; details?: { causes?: StatusCause[] } } | undefined,
): ApiError {
  const reason = status?.reason ?? '';
  const message = status?.message ?? `HTTP ${code}`;
  const causes = status?.details?.causes ?? [];
  if (code === 404) return new NotFoundError(code, reason || 'NotFound', message, causes, status);
  if (code === 409 && reason === 'AlreadyExists') return new AlreadyExistsError(code, reason, message, causes, status);
  if (code === 409) return new ConflictError(code, reason || 'Conflict', message, causes, status);
  if (code === 422) return new InvalidError(code, reason || 'Invalid', message, causes, status);
  if (code === 410) return new GoneError(code, reason || 'Expired', message, causes, status);
  if (code === 401 || code === 403) return new ForbiddenError(code, reason, message, causes, status);
  return new ApiError(code, reason, message, causes, status);
}
