import { StatusError } from '../status.js';

/** The text apimachinery's NewGenericServerResponse puts in `message` for a 422. */
export const UNPROCESSABLE_PATCH_MESSAGE = 'the server rejected our request due to an error in our request';

/**
 * The 422 the API server answers when a well-formed patch cannot be applied to the object
 * (a failed json-patch `test`, a missing path, a list of lists in a strategic merge patch):
 * reason `Invalid`, the generic message, and the library's own text as an `UnexpectedServerResponse`
 * cause. kubectl prints it as `The request is invalid: the server rejected our request ...`.
 */
export function unprocessablePatch(detail: string): StatusError {
  return new StatusError(422, 'Invalid', UNPROCESSABLE_PATCH_MESSAGE, {
    causes: [{ reason: 'UnexpectedServerResponse', message: detail }],
  });
}
