import type { Bind, BindToFluentSyntax, RebindSync, ServiceIdentifier, UnbindSync } from '../../sdk/di.js';
import { ApiGroup } from '../../sdk/plugins/api-group.js';
import { Lifecycle } from '../../sdk/plugins/lifecycle.js';

/** Tokens whose contributions the host collects per plugin (each binding is named after its plugin). */
export const hostCollectedTokens: ReadonlySet<ServiceIdentifier> = new Set<ServiceIdentifier>([Lifecycle, ApiGroup]);

const constrainable = new Set(['to', 'toSelf', 'toConstantValue', 'toDynamicValue', 'toFactory', 'toResolvedValue']);

/**
 * Wraps a module's `bind` so that every binding is recorded for `plugin`, and bindings to
 * host-collected tokens are constrained to the plugin's name, so the host can tell whose they are.
 */
export function trackingBind(bind: Bind, plugin: string, record: (id: ServiceIdentifier) => void): Bind {
  return (<T>(id: ServiceIdentifier<T>): BindToFluentSyntax<T> => {
    record(id);
    const syntax = bind(id);
    return hostCollectedTokens.has(id) ? namedSyntax(syntax, plugin) : syntax;
  }) as Bind;
}

/** `rebind` and `unbind` that refuse host-collected tokens (they would drop other plugins' contributions). */
export function guardedRebind(rebind: RebindSync, plugin: string): RebindSync {
  return (<T>(id: ServiceIdentifier<T>) => {
    refuse(id, plugin, 'rebind');
    return rebind(id);
  }) as RebindSync;
}

export function guardedUnbind(unbind: UnbindSync, plugin: string): UnbindSync {
  return (id) => {
    refuse(id, plugin, 'unbind');
    unbind(id);
  };
}

function refuse(id: unknown, plugin: string, op: string): void {
  if (hostCollectedTokens.has(id as ServiceIdentifier))
    throw new Error(
      `plugin "${plugin}" may not ${op} ${String((id as symbol).description ?? id)}: bind another contribution instead`,
    );
}

function namedSyntax<T>(syntax: BindToFluentSyntax<T>, plugin: string): BindToFluentSyntax<T> {
  return new Proxy(syntax, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      if (prop === 'toService')
        // A redirection cannot carry a constraint; resolve the target through a named dynamic value instead.
        return (service: ServiceIdentifier<T>) => {
          target
            .toDynamicValue((ctx) => ctx.get<T>(service))
            .inTransientScope()
            .whenNamed(plugin);
        };
      if (!constrainable.has(String(prop))) return value.bind(target);
      return (...args: unknown[]) => {
        const next = (value as (...a: unknown[]) => { whenNamed(name: string): unknown }).apply(target, args);
        next.whenNamed(plugin);
        return next;
      };
    },
  });
}
