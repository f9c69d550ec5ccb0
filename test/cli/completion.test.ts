import test from 'ava';
import { execFile } from 'node:child_process';
import { capstan } from './cli-run.js';

/** Runs the generated script in a real bash and asks it to complete `words` (the last is the one being typed). */
function complete(script: string, words: string[]): Promise<string[]> {
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const program = `${script}\nCOMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _capstan_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return new Promise((resolve, reject) =>
    execFile('bash', ['-c', program], (err, stdout) =>
      err ? reject(err) : resolve(stdout.split('\n').filter(Boolean)),
    ),
  );
}

test('bash completion offers topics, subcommands and the flags of a command', async (t) => {
  const r = await capstan(['completion', 'bash']);
  t.is(r.code, 0, r.stderr);
  const top = await complete(r.stdout, ['capstan', '']);
  for (const c of ['apply', 'get', 'plugins', 'rollout', 'up']) t.true(top.includes(c), top.join(' '));
  t.is(new Set(top).size, top.length, 'each word once');
  t.deepEqual(await complete(r.stdout, ['capstan', 'plugins', 'in']), ['install']);
  t.deepEqual(await complete(r.stdout, ['capstan', 'rollout', 'st']), ['status']);
  const flags = await complete(r.stdout, ['capstan', 'get', '-n', 'default', 'pods', '--out']);
  t.deepEqual(flags, ['--output']);
  t.deepEqual(await complete(r.stdout, ['capstan', 'up', '--sim']), ['--simulated-nodes']);
});

test('an unknown shell is a usage error', async (t) => {
  const r = await capstan(['completion', 'fish']);
  t.not(r.code, 0);
  t.regex(r.stderr, /fish/);
});
