import { isRecord } from './common.js';

/* Defaulting of PodSpec and PodTemplateSpec as the core/v1 defaulters do (SetDefaults_PodSpec,
 * SetDefaults_Container, SetDefaults_Probe, SetDefaults_Volume, ...). Shared by Pods and every
 * kind with a pod template (Deployments, Jobs, ...). Objects are JSON, mutated in place. */

type Json = Record<string, any>;

/** The tag of an image reference, or '' when it is pinned by digest only; `latest` when absent. */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) return name.slice(colon + 1);
  return at >= 0 ? '' : 'latest';
}

/** Defaults of a probe: timeout 1s, period 10s, success 1, failure 3, HTTP GET scheme and path. */
export function defaultProbe(probe: unknown): void {
  if (!isRecord(probe)) return;
  probe.timeoutSeconds ??= 1;
  probe.periodSeconds ??= 10;
  probe.successThreshold ??= 1;
  probe.failureThreshold ??= 3;
  defaultHandler(probe);
}

function defaultHandler(handler: Json): void {
  if (isRecord(handler.httpGet)) {
    handler.httpGet.path ??= '/';
    handler.httpGet.scheme ??= 'HTTP';
  }
}

/** Defaults of one container (regular, init or ephemeral). */
export function defaultContainer(c: unknown): void {
  if (!isRecord(c)) return;
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(String(c.image ?? '')) === 'latest' ? 'Always' : 'IfNotPresent';
  if (!isRecord(c.resources)) c.resources = {};
  for (const p of Array.isArray(c.ports) ? c.ports : []) if (isRecord(p) && !p.protocol) p.protocol = 'TCP';
  for (const e of Array.isArray(c.env) ? c.env : []) {
    const ref = isRecord(e) && isRecord(e.valueFrom) ? e.valueFrom.fieldRef : undefined;
    if (isRecord(ref)) ref.apiVersion ??= 'v1';
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (isRecord(c.lifecycle)) {
    if (isRecord(c.lifecycle.postStart)) defaultHandler(c.lifecycle.postStart);
    if (isRecord(c.lifecycle.preStop)) defaultHandler(c.lifecycle.preStop);
  }
}

/** Defaults of one volume: an empty source becomes emptyDir, file modes 0644 (420). */
export function defaultVolume(v: unknown): void {
  if (!isRecord(v)) return;
  const sources = Object.keys(v).filter((k) => k !== 'name');
  if (sources.length === 0) v.emptyDir = {};
  if (isRecord(v.secret)) v.secret.defaultMode ??= 420;
  if (isRecord(v.configMap)) v.configMap.defaultMode ??= 420;
  if (isRecord(v.downwardAPI)) {
    v.downwardAPI.defaultMode ??= 420;
    for (const item of Array.isArray(v.downwardAPI.items) ? v.downwardAPI.items : []) {
      if (isRecord(item) && isRecord(item.fieldRef)) item.fieldRef.apiVersion ??= 'v1';
    }
  }
  if (isRecord(v.projected)) v.projected.defaultMode ??= 420;
  if (isRecord(v.hostPath)) v.hostPath.type ??= '';
  if (isRecord(v.iscsi)) v.iscsi.iscsiInterface ??= 'default';
}

/**
 * Defaults shared by pods and pod templates: dnsPolicy ClusterFirst, restartPolicy Always,
 * terminationGracePeriodSeconds 30, securityContext {}, schedulerName default-scheduler, and the
 * container and volume defaults. `deprecatedServiceAccount` mirrors serviceAccountName.
 */
export function defaultPodSpec(spec: unknown): void {
  if (!isRecord(spec)) return;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  if (!isRecord(spec.securityContext)) spec.securityContext = {};
  spec.schedulerName ??= 'default-scheduler';
  if (spec.serviceAccount && !spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const c of Array.isArray(spec[list]) ? spec[list] : []) defaultContainer(c);
  }
  for (const v of Array.isArray(spec.volumes) ? spec.volumes : []) defaultVolume(v);
  if (spec.hostNetwork === true) {
    for (const list of ['initContainers', 'containers']) {
      for (const c of Array.isArray(spec[list]) ? spec[list] : []) {
        for (const p of isRecord(c) && Array.isArray(c.ports) ? c.ports : []) {
          if (isRecord(p) && p.hostPort === undefined) p.hostPort = p.containerPort;
        }
      }
    }
  }
}

/** Defaults of a PodTemplateSpec (`{metadata, spec}`) inside a workload. */
export function defaultPodTemplate(template: unknown): void {
  if (!isRecord(template)) return;
  if (!isRecord(template.metadata)) template.metadata = {};
  if (!isRecord(template.spec)) template.spec = {};
  defaultPodSpec(template.spec);
}

/**
 * The Pod-only defaults on top of {@link defaultPodSpec}, from SetDefaults_Pod and the default
 * admission plugins (ServiceAccount, Priority, DefaultTolerationSeconds): enableServiceLinks,
 * requests copied from limits, serviceAccountName `default`, priority 0, preemptionPolicy
 * PreemptLowerPriority, and 300s tolerations of not-ready and unreachable nodes.
 */
export function defaultPodOnlyFields(spec: unknown): void {
  if (!isRecord(spec)) return;
  spec.enableServiceLinks ??= true;
  for (const list of ['initContainers', 'containers']) {
    for (const c of Array.isArray(spec[list]) ? spec[list] : []) {
      if (!isRecord(c) || !isRecord(c.resources) || !isRecord(c.resources.limits)) continue;
      const requests = isRecord(c.resources.requests) ? c.resources.requests : {};
      for (const [k, v] of Object.entries(c.resources.limits)) if (requests[k] === undefined) requests[k] = v;
      c.resources.requests = requests;
    }
  }
  if (!spec.serviceAccountName) spec.serviceAccountName = 'default';
  spec.serviceAccount = spec.serviceAccountName;
  if (spec.priority === undefined && !spec.priorityClassName) spec.priority = 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  const tolerations: Json[] = Array.isArray(spec.tolerations) ? spec.tolerations : [];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    const covered = tolerations.some(
      (t) =>
        isRecord(t) &&
        (t.operator === 'Exists' && !t.key ? true : t.key === key) &&
        (!t.effect || t.effect === 'NoExecute'),
    );
    if (!covered) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  spec.tolerations = tolerations;
}
