/**
 * A CEL engine for `x-kubernetes-validations`: compiles a rule once, then evaluates it with the
 * variables `self` (and `oldSelf` for transition rules), whose CEL `int`s are passed as BigInt.
 */
export interface CelEngine {
  /** The library that implements it, for conditions and logs. */
  readonly name: string;
  /** Compiles `expression`; throws with the compiler's message when it does not compile. */
  compile(expression: string): (variables: Record<string, unknown>) => unknown;
}

/** The npm package Capstan uses for CEL when it is installed. */
export const celPackage = '@marcbachmann/cel-js';

type CelModule = {
  evaluate?: (expr: string, ctx?: Record<string, unknown>) => unknown;
  parse?: (expr: string) => unknown;
};

/** Wraps a loaded `@marcbachmann/cel-js` module as a {@link CelEngine}. */
export function celEngineFromModule(mod: CelModule): CelEngine {
  const { evaluate, parse } = mod;
  if (typeof evaluate !== 'function') throw new Error(`${celPackage} has no evaluate function`);
  return {
    name: celPackage,
    compile(expression) {
      const parsed = typeof parse === 'function' ? parse(expression) : undefined;
      if (typeof parsed === 'function') return (v) => (parsed as (ctx: unknown) => unknown)(v);
      return (v) => evaluate(expression, v);
    },
  };
}

/**
 * Loads the CEL engine if its package is installed; undefined otherwise (rules are then
 * reported as not enforced on the CRD). Never throws.
 */
export async function loadCelEngine(): Promise<CelEngine | undefined> {
  try {
    const specifier = celPackage;
    const mod = (await import(specifier)) as CelModule;
    return celEngineFromModule(mod);
  } catch {
    return undefined;
  }
}
