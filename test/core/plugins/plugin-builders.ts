import type { PluginsConfig } from '../../../core/config/capstan-config.js';
import type { DiscoveredPlugin } from '../../../core/plugins/plugin-source.js';
import { Lifecycle, definePlugin, type CapstanPlugin, type PluginContext } from '../../../sdk/plugins/index.js';

/** What the fake plugins did, in order: `start a`, `stop a`, `register a`. */
export type Journal = string[];

export interface FakePluginSpec {
  requires?: string[];
  optional?: string[];
  required?: boolean;
  enabledByDefault?: boolean;
  /** Throw from register / start with this message. */
  failRegister?: string;
  failStart?: string;
  /** Number of Lifecycle contributions (default 1). */
  lifecycles?: number;
  /** Called from start with the context. */
  onStart?: (ctx: PluginContext) => void;
}

/** A plugin given in code that writes what happens to it into `journal`. */
export function fakePlugin(name: string, journal: Journal, spec: FakePluginSpec = {}): DiscoveredPlugin {
  const manifest: CapstanPlugin = definePlugin({
    name,
    version: '0.1.0',
    ...(spec.requires ? { requires: spec.requires } : {}),
    ...(spec.optional ? { optional: spec.optional } : {}),
    ...(spec.required !== undefined ? { required: spec.required } : {}),
    ...(spec.enabledByDefault !== undefined ? { enabledByDefault: spec.enabledByDefault } : {}),
    register({ bind }) {
      journal.push(`register ${name}`);
      if (spec.failRegister !== undefined) throw new Error(spec.failRegister);
      const count = spec.lifecycles ?? 1;
      for (let i = 0; i < count; i++) {
        const label = count === 1 ? name : `${name}#${i}`;
        bind<Lifecycle>(Lifecycle).toConstantValue({
          start(ctx) {
            journal.push(`start ${label}`);
            spec.onStart?.(ctx);
            if (spec.failStart !== undefined && i === count - 1) throw new Error(spec.failStart);
          },
          stop() {
            journal.push(`stop ${label}`);
          },
        });
      }
    },
  });
  return { manifest, source: 'builtin', location: `test:${name}` };
}

/** A plugins section with the given lists. */
export function pluginsConfig(p: Partial<PluginsConfig> = {}): PluginsConfig {
  return { enable: [], disable: [], required: [], paths: [], config: {}, ...p };
}
