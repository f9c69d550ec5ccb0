import { Args, Flags } from '@oclif/core';
import { BaseCommand, kubeFlags, namespaceFlag } from '../../lib/base-command.js';

/** `capstan rollout status`: waits for a Deployment, DaemonSet or StatefulSet to finish rolling out. */
export default class RolloutStatus extends BaseCommand {
  static override summary = 'Watch a rollout until it finishes (Deployment, DaemonSet, StatefulSet).';
  static override description =
    "Prints kubectl's progress messages as the controller updates the object's status, and exits 0 once the rollout is complete, 1 when its progress deadline is exceeded or --timeout passes.";
  static override examples = [
    { description: 'Wait for a deployment', command: '<%= config.bin %> rollout status deploy/web' },
    { description: 'Check once without waiting', command: '<%= config.bin %> rollout status deploy/web --watch=false' },
    {
      description: 'Give up after two minutes',
      command: '<%= config.bin %> rollout status statefulset/db --timeout 120',
    },
  ];
  static override strict = false;
  static override enableJsonFlag = true;
  static jsonShape = '{message: string, done: boolean}';
  static override args = {
    type: Args.string({ description: 'TYPE/NAME or TYPE', required: false }),
    name: Args.string({ description: 'name', required: false }),
  };
  static override flags = {
    ...kubeFlags,
    ...namespaceFlag,
    watch: Flags.boolean({
      char: 'w',
      summary: 'Keep watching until the rollout finishes.',
      default: true,
      allowNo: true,
    }),
    timeout: Flags.integer({ summary: 'Seconds to wait before giving up (0: no limit).', default: 0, min: 0 }),
  };

  async run(): Promise<unknown> {
    const { flags, argv } = await this.parse(RolloutStatus);
    const { rolloutTarget } = await import('../../lib/rollout-target.js');
    const { rolloutStatus } = await import('../../lib/rollout-status.js');
    const { CliError } = await import('../../lib/cli-errors.js');
    const t = await rolloutTarget(this, flags, argv as string[]);
    const deadline = flags.timeout > 0 ? Date.now() + flags.timeout * 1000 : Infinity;
    let last = '';
    const ac = new AbortController();
    const timer = Number.isFinite(deadline) ? setTimeout(() => ac.abort(), flags.timeout * 1000) : undefined;
    const spinner = process.stderr.isTTY && !this.jsonEnabled();
    const show = (st: { message: string; done: boolean; error?: string }) => {
      if (st.error) throw new CliError(st.error);
      if (st.message !== last) {
        if (spinner && !st.done) process.stderr.write(`\r\u001b[2K⠿ ${st.message}`);
        else {
          if (spinner) process.stderr.write('\r\u001b[2K');
          this.out(st.message);
        }
        last = st.message;
      }
      return st.done;
    };
    try {
      const obj = await t.s.client.get(t.res, t.name, t.namespace);
      obj.kind = t.res.kind;
      let st = rolloutStatus(obj);
      if (show(st) || !flags.watch) return { message: st.message, done: st.done };
      const stream = t.s.client.watch(t.res, {
        namespace: t.namespace,
        fieldSelector: `metadata.name=${t.name}`,
        resourceVersion: obj.metadata.resourceVersion,
        signal: ac.signal,
      });
      for await (const ev of stream) {
        if (ev.type === 'DELETED') throw new CliError(`object has been deleted`);
        if (ev.type === 'BOOKMARK') continue;
        ev.object.kind = t.res.kind;
        st = rolloutStatus(ev.object);
        if (show(st)) return { message: st.message, done: true };
      }
      if (spinner) process.stderr.write('\r\u001b[2K');
      throw new CliError(`timed out waiting for the condition (last: ${last})`);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}
