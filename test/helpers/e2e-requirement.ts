import type { TestFn } from 'ava';

/** True when CI asks for every e2e test to run (a missing host part must then fail, not skip). */
export const e2eRequired = process.env.CAPSTAN_E2E === 'required';

/**
 * Returns `test` when `available`, else `test.skip` with the reason in the title; when e2e tests
 * are required, an unavailable part makes a failing test instead.
 */
export function whenAvailable<T>(test: TestFn<T>, available: boolean, reason: string): TestFn<T> {
  if (available) return test;
  if (e2eRequired) {
    const failing = ((title: string) =>
      test(title, (t) => t.fail(`required e2e part missing: ${reason}`))) as unknown as TestFn<T>;
    return Object.assign(failing, test, { serial: failing });
  }
  const skipping = ((title: string, ...rest: unknown[]) =>
    (test.skip as any)(`${title} (skipped: ${reason})`, ...rest)) as unknown as TestFn<T>;
  return Object.assign(skipping, test, { serial: skipping });
}
