import { request } from 'node:http';
import { connect } from 'node:net';
import type { ContainerRuntime } from '../../sdk/cri/index.js';
import type { ProbeOutcome } from './probe-worker.js';
import type { ContainerSpec, HttpGetAction, LifecycleHandler, Probe, TcpSocketAction } from './pod-types.js';

/** Resolves a named port (`http`) against the container's ports. */
export function resolvePort(port: number | string, container: ContainerSpec): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

/** An HTTP GET as kubelet's prober does: 200-399 succeeds, redirects are not followed. */
export function httpGetProbe(
  action: HttpGetAction,
  host: string,
  port: number,
  timeoutSeconds: number,
): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.32', Accept: '*/*' };
    for (const h of action.httpHeaders ?? []) headers[h.name] = h.value;
    const req = request(
      {
        host: action.host || host,
        port,
        path: action.path || '/',
        method: 'GET',
        headers,
        timeout: timeoutSeconds * 1000,
      },
      (res) => {
        res.resume();
        const code = res.statusCode ?? 0;
        if (code >= 200 && code < 400) resolve({ ok: true });
        else resolve({ ok: false, message: `HTTP probe failed with statuscode: ${code}` });
      },
    );
    req.on('timeout', () => {
      req.destroy();
      resolve({
        ok: false,
        message: `Get "http://${host}:${port}${action.path || '/'}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      });
    });
    req.on('error', (err) =>
      resolve({ ok: false, message: `Get "http://${host}:${port}${action.path || '/'}": ${err.message}` }),
    );
    req.end();
  });
}

/** A TCP connect probe. */
export function tcpProbe(
  action: TcpSocketAction,
  host: string,
  port: number,
  timeoutSeconds: number,
): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const target = action.host || host;
    const socket = connect({ host: target, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ok: false, message: `dial tcp ${target}:${port}: i/o timeout` });
    }, timeoutSeconds * 1000);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ok: true });
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      resolve({ ok: false, message: `dial tcp ${target}:${port}: ${err.message}` });
    });
  });
}

/** An exec probe: the command's exit code 0 succeeds; its output is the failure message. */
export async function execProbe(
  runtime: ContainerRuntime,
  containerId: string,
  command: readonly string[],
  timeoutSeconds: number,
): Promise<ProbeOutcome> {
  const r = await runtime.execSync(containerId, command, { timeoutSeconds });
  if (r.timedOut) return { ok: false, message: `command timed out after ${timeoutSeconds}s` };
  if (r.exitCode === 0) return { ok: true };
  const out = (r.stdout.toString() + r.stderr.toString()).trim();
  return { ok: false, message: out || `command ${JSON.stringify(command)} exited with ${r.exitCode}` };
}

/** Runs a probe or lifecycle handler against a container at `host` (the pod IP). */
export async function runHandler(
  handler: Probe | LifecycleHandler,
  runtime: ContainerRuntime,
  containerId: string,
  container: ContainerSpec,
  host: string,
  timeoutSeconds: number,
): Promise<ProbeOutcome> {
  if (handler.exec?.command?.length) return execProbe(runtime, containerId, handler.exec.command, timeoutSeconds);
  if (handler.httpGet) {
    const port = resolvePort(handler.httpGet.port, container);
    if (port === undefined) return { ok: false, message: `port ${handler.httpGet.port} not found` };
    return httpGetProbe(handler.httpGet, host, port, timeoutSeconds);
  }
  if (handler.tcpSocket) {
    const port = resolvePort(handler.tcpSocket.port, container);
    if (port === undefined) return { ok: false, message: `port ${handler.tcpSocket.port} not found` };
    return tcpProbe(handler.tcpSocket, host, port, timeoutSeconds);
  }
  if ('sleep' in handler && handler.sleep) {
    await new Promise((r) => setTimeout(r, handler.sleep!.seconds * 1000));
    return { ok: true };
  }
  return { ok: false, message: 'probe has no handler' };
}
