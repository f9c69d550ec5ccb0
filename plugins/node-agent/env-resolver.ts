import type { ContainerSpec, KeyedData, PodV1 } from './pod-types.js';
import { fieldRefValue, resourceFieldRefValue, type DownwardContext } from './field-refs.js';

/** The ConfigMaps and Secrets a pod refers to, fetched beforehand; `undefined` marks one that does not exist. */
export interface EnvSources {
  readonly configMaps: ReadonlyMap<string, KeyedData | undefined>;
  readonly secrets: ReadonlyMap<string, KeyedData | undefined>;
}

/** A resolved environment variable. */
export interface ResolvedEnv {
  readonly key: string;
  readonly value: string;
}

/** Thrown when the environment cannot be built (kubelet's CreateContainerConfigError). */
export class EnvResolutionError extends Error {}

const envNamePattern = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/**
 * Kubernetes' `$(VAR)` expansion (third_party/forked/golang/expansion): `$(NAME)` becomes the
 * value of NAME when it is defined, else stays as written; `$$` is an escaped `$`.
 */
export function expandVars(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (ch !== '$' || i + 1 >= input.length) {
      out += ch;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close < 0) {
        out += input.slice(i);
        break;
      }
      const name = input.slice(i + 2, close);
      const value = lookup(name);
      out += value ?? `$(${name})`;
      i = close;
    } else {
      out += ch;
    }
  }
  return out;
}

function decode(data: KeyedData, key: string, secret: boolean): string | undefined {
  const v = data.data?.[key];
  if (v !== undefined) return secret ? Buffer.from(v, 'base64').toString('utf8') : v;
  const b = data.binaryData?.[key];
  return b === undefined ? undefined : Buffer.from(b, 'base64').toString('utf8');
}

/** Every `key → value` of a ConfigMap or Secret (Secret values decoded). */
export function keyedEntries(data: KeyedData, secret: boolean): [string, string][] {
  const keys = new Set([...Object.keys(data.data ?? {}), ...Object.keys(data.binaryData ?? {})]);
  return [...keys].sort().map((k) => [k, decode(data, k, secret) ?? '']);
}

/** The ConfigMap and Secret names a container's env and envFrom refer to. */
export function envSourceNames(container: ContainerSpec): { configMaps: string[]; secrets: string[] } {
  const configMaps = new Set<string>();
  const secrets = new Set<string>();
  for (const e of container.env ?? []) {
    if (e.valueFrom?.configMapKeyRef?.name) configMaps.add(e.valueFrom.configMapKeyRef.name);
    if (e.valueFrom?.secretKeyRef?.name) secrets.add(e.valueFrom.secretKeyRef.name);
  }
  for (const f of container.envFrom ?? []) {
    if (f.configMapRef?.name) configMaps.add(f.configMapRef.name);
    if (f.secretRef?.name) secrets.add(f.secretRef.name);
  }
  return { configMaps: [...configMaps], secrets: [...secrets] };
}

/**
 * The environment of a container as kubelet builds it (makeEnvironmentVariables): envFrom first
 * (with prefixes; invalid names skipped), then env in order, each value expanded against what is
 * defined before it. Missing non-optional ConfigMaps, Secrets or keys throw EnvResolutionError
 * with kubelet's message.
 */
export function resolveEnv(
  pod: PodV1,
  container: ContainerSpec,
  sources: EnvSources,
  ctx: DownwardContext,
): ResolvedEnv[] {
  const env = new Map<string, string>();
  for (const from of container.envFrom ?? []) {
    const secret = !!from.secretRef;
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref?.name) continue;
    const data = (secret ? sources.secrets : sources.configMaps).get(ref.name);
    if (!data) {
      if (ref.optional) continue;
      throw new EnvResolutionError(`${secret ? 'secret' : 'configmap'} "${ref.name}" not found`);
    }
    for (const [k, v] of keyedEntries(data, secret)) {
      const key = `${from.prefix ?? ''}${k}`;
      if (!envNamePattern.test(key)) continue;
      env.set(key, v);
    }
  }
  for (const e of container.env ?? []) {
    let value: string | undefined;
    if (e.valueFrom === undefined) {
      value = expandVars(e.value ?? '', (n) => env.get(n));
    } else if (e.valueFrom.fieldRef) {
      value = fieldRefValue(pod, e.valueFrom.fieldRef, ctx);
    } else if (e.valueFrom.resourceFieldRef) {
      value = resourceFieldRefValue(pod, e.valueFrom.resourceFieldRef, container, ctx);
    } else if (e.valueFrom.configMapKeyRef || e.valueFrom.secretKeyRef) {
      const secret = !!e.valueFrom.secretKeyRef;
      const ref = (e.valueFrom.configMapKeyRef ?? e.valueFrom.secretKeyRef)!;
      const kind = secret ? 'secret' : 'configmap';
      const data = (secret ? sources.secrets : sources.configMaps).get(ref.name ?? '');
      if (!data) {
        if (ref.optional) continue;
        throw new EnvResolutionError(`${kind} "${ref.name ?? ''}" not found`);
      }
      value = decode(data, ref.key, secret);
      if (value === undefined) {
        if (ref.optional) continue;
        throw new EnvResolutionError(
          `couldn't find key ${ref.key} in ${secret ? 'Secret' : 'ConfigMap'} ${pod.metadata.namespace}/${ref.name}`,
        );
      }
    }
    env.set(e.name, value ?? '');
  }
  return [...env].map(([key, value]) => ({ key, value }));
}

/** A container's command and args with `$(VAR)` expanded against its environment. */
export function expandCommand(
  container: ContainerSpec,
  env: readonly ResolvedEnv[],
): { command?: string[]; args?: string[] } {
  const map = new Map(env.map((e) => [e.key, e.value]));
  const expand = (list: string[] | undefined) => list?.map((s) => expandVars(s, (n) => map.get(n)));
  return { command: expand(container.command), args: expand(container.args) };
}
