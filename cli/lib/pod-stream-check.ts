import { ApiError } from '../../sdk/client/api-error.js';
import { CliError } from './cli-errors.js';

/**
 * Turns the answer of a server that does not serve a pod streaming subresource (404 for the path,
 * 405, 501) into a clear "not available yet" error; other errors pass through.
 */
export function streamingUnavailable(e: unknown, what: 'logs' | 'exec', pod: string): unknown {
  if (
    e instanceof ApiError &&
    (e.code === 405 || e.code === 501 || (e.code === 404 && !new RegExp(`pods "${pod}" not found`).test(e.message)))
  )
    return new CliError(
      `${what} is not available yet: this server does not serve pods/${what === 'logs' ? 'log' : 'exec'} (it comes with the node agent); use 'capstan describe pod ${pod}' and 'capstan events --for pod/${pod}' meanwhile`,
    );
  return e;
}
