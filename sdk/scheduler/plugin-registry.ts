import type { FrameworkHandle } from './framework-handle.js';
import type { SchedulerPlugin } from './plugin.js';

/**
 * Builds a plugin instance for one profile from its arguments (the profile's pluginConfig entry,
 * undefined when none). May throw on invalid arguments; the profile then fails to build.
 */
export type SchedulerPluginFactory = (
  args: Record<string, unknown> | undefined,
  handle: FrameworkHandle,
) => SchedulerPlugin;

/**
 * The DI token, and the shape, of one scheduler plugin contributed by a Capstan plugin: bind any
 * number of these (multi-binding); the scheduler merges them into its registry and refuses
 * duplicate names.
 */
export interface SchedulerPluginRegistration {
  /** The plugin name configuration refers to. */
  readonly name: string;
  readonly factory: SchedulerPluginFactory;
  /** Score weight when the configuration does not give one (kube's defaults: e.g. TaintToleration 3). */
  readonly defaultWeight?: number;
}

/** The DI token of {@link SchedulerPluginRegistration}. */
export const SchedulerPluginRegistration = Symbol.for('capstan.scheduler.SchedulerPluginRegistration');

/** A name-to-registration map that refuses duplicates (framework/runtime.Registry). */
export class SchedulerPluginRegistry {
  private readonly entries = new Map<string, SchedulerPluginRegistration>();

  constructor(registrations: Iterable<SchedulerPluginRegistration> = []) {
    for (const r of registrations) this.register(r);
  }

  /** Adds a registration; throws when the name is taken. */
  register(r: SchedulerPluginRegistration): void {
    if (this.entries.has(r.name)) throw new Error(`a scheduler plugin named "${r.name}" already exists`);
    this.entries.set(r.name, r);
  }

  /** Removes a registration; throws when absent. */
  unregister(name: string): void {
    if (!this.entries.delete(name)) throw new Error(`no scheduler plugin named "${name}" exists`);
  }

  /** Adds every entry of `other`; throws on the first duplicate. */
  merge(other: SchedulerPluginRegistry): void {
    for (const r of other.entries.values()) this.register(r);
  }

  /** The registration for `name`. */
  get(name: string): SchedulerPluginRegistration | undefined {
    return this.entries.get(name);
  }

  /** Registered names. */
  names(): string[] {
    return [...this.entries.keys()];
  }
}
