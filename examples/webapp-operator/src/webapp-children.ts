// Inside this repository the example imports the SDK by path; an operator project imports the same
// modules as 'capstan/sdk' (see docs/operators.md).
import { createHash } from 'node:crypto';
import type { KubeObject } from '../../../sdk/index.js';
import { setControllerReference } from '../../../sdk/index.js';
import type { WebApp } from './generated/apps.capstan.dev/v1alpha1/index.js';

/** The label every child carries, naming its WebApp; it also selects the pods. */
export const webAppLabel = 'apps.capstan.dev/webapp';
/** Marks the objects this operator manages (its informers watch only these). */
export const managedByLabel = 'app.kubernetes.io/managed-by';
export const managedBy = 'webapp-operator';
/** Pod template annotation: changes with the configuration, so a config change rolls the pods. */
export const configHashAnnotation = 'apps.capstan.dev/config-hash';

/** The defaults the CRD schema also declares (the API server fills them in on create). */
export function desiredReplicas(app: WebApp): number {
  return app.spec?.replicas ?? 1;
}
export function portOf(app: WebApp): number {
  return app.spec?.port ?? 8080;
}

/** The child objects' common metadata, owned by the WebApp (so the garbage collector removes them). */
function childMeta(app: WebApp, name: string): KubeObject['metadata'] {
  return {
    name,
    namespace: app.metadata.namespace,
    labels: { [webAppLabel]: app.metadata.name!, [managedByLabel]: managedBy },
  };
}

function owned<T extends KubeObject>(app: WebApp, obj: T): T {
  return setControllerReference(app, obj);
}

/** `<name>-config`: the spec's configuration, handed to the pods as environment variables. */
export function desiredConfigMap(app: WebApp): KubeObject {
  return owned(app, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: childMeta(app, `${app.metadata.name}-config`),
    data: { ...(app.spec?.config ?? {}) },
  });
}

/** A short stable hash of the configuration. */
export function configHash(app: WebApp): string {
  const entries = Object.entries(app.spec?.config ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 16);
}

/** `<name>`: the pods running the image. */
export function desiredDeployment(app: WebApp): KubeObject {
  const name = app.metadata.name!;
  const selector = { [webAppLabel]: name };
  return owned(app, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: childMeta(app, name),
    spec: {
      replicas: desiredReplicas(app),
      selector: { matchLabels: selector },
      template: {
        metadata: {
          labels: { ...selector, [managedByLabel]: managedBy },
          annotations: { [configHashAnnotation]: configHash(app) },
        },
        spec: {
          containers: [
            {
              name: 'app',
              image: app.spec!.image,
              ports: [{ name: 'http', containerPort: portOf(app), protocol: 'TCP' }],
              envFrom: [{ configMapRef: { name: `${name}-config` } }],
            },
          ],
        },
      },
    },
  });
}

/** `<name>`: a ClusterIP Service in front of the pods. */
export function desiredService(app: WebApp): KubeObject {
  const name = app.metadata.name!;
  return owned(app, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: childMeta(app, name),
    spec: {
      selector: { [webAppLabel]: name },
      ports: [{ name: 'http', port: portOf(app), targetPort: 'http', protocol: 'TCP' }],
    },
  });
}

/** The URL the Service gives the application inside the cluster. */
export function urlOf(app: WebApp): string {
  return `http://${app.metadata.name}.${app.metadata.namespace}.svc.cluster.local:${portOf(app)}`;
}
