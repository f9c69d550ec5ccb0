import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UserInfo } from '../auth/authenticator.js';
import type { ApiMachinery } from '../machinery.js';
import { mediaType, parseJsonObject, readBody } from '../request/body.js';
import { apiErrors } from '../status.js';

/** The reason given while every authenticated user may do everything. */
export const allowAllReason = 'capstan: every authenticated user is allowed (RBAC is not enforced yet)';

/**
 * Answers the review kinds (SelfSubjectAccessReview, SelfSubjectRulesReview,
 * SubjectAccessReview, SelfSubjectReview) for the authenticated user. Authorization is
 * allow-all for authenticated users, and the answers say so.
 */
export async function handleReview(
  plural: string,
  req: IncomingMessage,
  res: ServerResponse,
  user: UserInfo,
  machinery: ApiMachinery,
): Promise<void> {
  if (req.method !== 'POST') throw apiErrors.methodNotAllowed();
  const body = await readBody(req);
  const ct = mediaType(req.headers['content-type']);
  let review: Record<string, any>;
  if (ct === 'application/vnd.kubernetes.protobuf') review = machinery.decodeProtobuf(body).object;
  else if (ct === 'application/json') review = parseJsonObject(body, plural);
  else throw apiErrors.unsupportedMediaType(ct, ['application/json', 'application/vnd.kubernetes.protobuf']);
  review.metadata ??= {};
  review.metadata.creationTimestamp ??= null;
  switch (plural) {
    case 'selfsubjectaccessreviews':
    case 'subjectaccessreviews':
      if (!review.spec?.resourceAttributes && !review.spec?.nonResourceAttributes) {
        throw apiErrors.invalid('authorization.k8s.io', review.kind ?? 'SelfSubjectAccessReview', '', [
          {
            reason: 'FieldValueRequired',
            field: 'spec.resourceAttributes',
            message: 'Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
          },
        ]);
      }
      review.status = { allowed: true, reason: allowAllReason };
      break;
    case 'selfsubjectrulesreviews':
      review.status = {
        resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
        nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
        incomplete: false,
      };
      break;
    case 'selfsubjectreviews':
      review.status = { userInfo: { username: user.username, groups: user.groups } };
      break;
    default:
      throw apiErrors.pathNotFound();
  }
  const text = JSON.stringify(review);
  res.writeHead(201, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
