import type { FieldCause } from '../../sdk/api/field-cause.js';

/** The `details` of a Kubernetes Status. */
export interface StatusDetails {
  name?: string;
  group?: string;
  /** The resource (e.g. `pods`) for NotFound/AlreadyExists/Conflict; the Kind for Invalid. */
  kind?: string;
  uid?: string;
  causes?: Array<{ reason?: FieldCause['reason'] | string; message?: string; field?: string }>;
  retryAfterSeconds?: number;
}

/** A meta/v1 Status object, the body of every API error. */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/**
 * An API error as a value that carries its Kubernetes Status. Handlers throw it; the server turns
 * it into the HTTP answer. Anything else that escapes a handler is a fault (500, logged).
 */
export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'StatusError';
  }

  /** The Status body to send. */
  toStatus(): StatusBody {
    const body: StatusBody = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) body.details = this.details;
    return body;
  }
}

/** Qualified resource text as apimachinery prints it: `pods`, `deployments.apps`. */
export function qualifiedResource(group: string, plural: string): string {
  return group ? `${plural}.${group}` : plural;
}

/** Constructors for the errors the API server answers with, with apimachinery's exact texts. */
export const apiErrors = {
  notFound(group: string, plural: string, name: string): StatusError {
    return new StatusError(404, 'NotFound', `${qualifiedResource(group, plural)} "${name}" not found`, {
      name,
      group: group || undefined,
      kind: plural,
    });
  },
  alreadyExists(group: string, plural: string, name: string): StatusError {
    return new StatusError(409, 'AlreadyExists', `${qualifiedResource(group, plural)} "${name}" already exists`, {
      name,
      group: group || undefined,
      kind: plural,
    });
  },
  conflict(group: string, plural: string, name: string, why: string): StatusError {
    return new StatusError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(group, plural)} "${name}": ${why}`,
      { name, group: group || undefined, kind: plural },
    );
  },
  staleObject(group: string, plural: string, name: string): StatusError {
    return apiErrors.conflict(
      group,
      plural,
      name,
      'the object has been modified; please apply your changes to the latest version and try again',
    );
  },
  invalid(group: string, kind: string, name: string, causes: FieldCause[]): StatusError {
    const text = causes.map((c) => `${c.field}: ${c.message}`);
    const joined = text.length === 1 ? text[0] : `[${text.join(', ')}]`;
    const qualifiedKind = group ? `${kind}.${group}` : kind;
    return new StatusError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${joined}`, {
      name,
      group: group || undefined,
      kind,
      causes,
    });
  },
  badRequest(message: string, causes?: StatusDetails['causes']): StatusError {
    return new StatusError(400, 'BadRequest', message, causes ? { causes } : undefined);
  },
  methodNotAllowed(message = 'the server does not allow this method on the requested resource'): StatusError {
    return new StatusError(405, 'MethodNotAllowed', message);
  },
  notAcceptable(message: string): StatusError {
    return new StatusError(406, 'NotAcceptable', message);
  },
  unsupportedMediaType(contentType: string, accepted: readonly string[]): StatusError {
    return new StatusError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
      { causes: [{ reason: 'UnsupportedMediaType', message: contentType }] },
    );
  },
  requestEntityTooLarge(limit: number): StatusError {
    return new StatusError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`);
  },
  expired(message: string): StatusError {
    return new StatusError(410, 'Expired', message);
  },
  gone(message: string): StatusError {
    return new StatusError(410, 'Gone', message);
  },
  unauthorized(): StatusError {
    return new StatusError(401, 'Unauthorized', 'Unauthorized');
  },
  forbidden(message: string): StatusError {
    return new StatusError(403, 'Forbidden', message);
  },
  pathNotFound(): StatusError {
    return new StatusError(404, 'NotFound', 'the server could not find the requested resource');
  },
  timeout(message: string): StatusError {
    return new StatusError(504, 'Timeout', message);
  },
};
