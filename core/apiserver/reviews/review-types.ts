import type { ResourceType } from '../../../sdk/api/resource-type.js';

const createOnly = ['create'] as const;

/** The create-only review kinds kubectl's `auth` commands use; they are answered, never stored. */
export const reviewResourceTypes: ResourceType[] = [
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    kind: 'SelfSubjectAccessReview',
    plural: 'selfsubjectaccessreviews',
    singular: 'selfsubjectaccessreview',
    namespaced: false,
    verbs: createOnly,
    schemaName: 'io.k8s.api.authorization.v1.SelfSubjectAccessReview',
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    kind: 'SelfSubjectRulesReview',
    plural: 'selfsubjectrulesreviews',
    singular: 'selfsubjectrulesreview',
    namespaced: false,
    verbs: createOnly,
    schemaName: 'io.k8s.api.authorization.v1.SelfSubjectRulesReview',
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    kind: 'SubjectAccessReview',
    plural: 'subjectaccessreviews',
    singular: 'subjectaccessreview',
    namespaced: false,
    verbs: createOnly,
    schemaName: 'io.k8s.api.authorization.v1.SubjectAccessReview',
  },
  {
    group: 'authentication.k8s.io',
    version: 'v1',
    kind: 'SelfSubjectReview',
    plural: 'selfsubjectreviews',
    singular: 'selfsubjectreview',
    namespaced: false,
    verbs: createOnly,
    schemaName: 'io.k8s.api.authentication.v1.SelfSubjectReview',
  },
];
