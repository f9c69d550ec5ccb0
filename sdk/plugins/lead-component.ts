import type { Leadership } from './leadership.js';
import type { PluginContext } from './lifecycle.js';

/** A component that runs until stopped (a controller set, a scheduler, simulated nodes). */
export interface StoppableComponent {
  stop(): Promise<void> | void;
}

/** A component run by leadComponent. */
export interface LedComponent {
  /** Settles once the component has stopped after the plugin's signal aborted: await it in `Lifecycle.stop`. */
  readonly done: Promise<void>;
}

/**
 * Runs a component only while this process leads the Lease `leaseName` (see Leadership). `start`
 * is called each time leadership is gained, and the component it returns is stopped when
 * leadership is lost or the plugin stops.
 *
 * When the work is not leader-elected (no Leadership service, or a store only this process opens)
 * the component starts at once and this resolves once it runs, rejecting when `start` throws, so
 * that the plugin fails as a failing start should. When it is elected, this resolves at once and
 * the component starts whenever the Lease is won.
 */
export async function leadComponent(
  ctx: PluginContext,
  leadership: Leadership | undefined,
  leaseName: string,
  start: (signal: AbortSignal) => Promise<StoppableComponent>,
): Promise<LedComponent> {
  const runUntilAborted = async (component: StoppableComponent, signal: AbortSignal) => {
    if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    await component.stop();
  };
  if (!leadership?.elected) {
    const component = await start(ctx.signal);
    return { done: runUntilAborted(component, ctx.signal) };
  }
  const done = leadership.whileLeading(
    leaseName,
    async (signal) => runUntilAborted(await start(signal), signal),
    ctx.signal,
  );
  return { done };
}
