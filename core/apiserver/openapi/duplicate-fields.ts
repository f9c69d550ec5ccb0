/**
 * Paths of the keys that appear more than once in the same JSON object of `text`, in document order
 * and in the strict decoder's notation (`spec.replicas`, `spec.containers[0].image`), each once.
 * JSON.parse keeps the last value silently; the apiserver reports `duplicate field "<path>"`.
 * Returns [] for text that is not valid JSON (the caller's parse reports that).
 */
export function findDuplicateFields(text: string): string[] {
  const scanner = new Scanner(text);
  try {
    scanner.value('');
    return scanner.duplicates;
  } catch {
    return [];
  }
}

class Scanner {
  readonly duplicates: string[] = [];
  private readonly seen = new Set<string>();
  private i = 0;

  constructor(private readonly s: string) {}

  private ws(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i]!)) this.i++;
  }

  private expect(ch: string): void {
    this.ws();
    if (this.s[this.i] !== ch) throw new Error(`expected ${ch} at ${this.i}`);
    this.i++;
  }

  value(path: string): void {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') this.object(path);
    else if (c === '[') this.array(path);
    else if (c === '"') this.string();
    else {
      const m = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.s.slice(this.i, this.i + 64));
      if (!m) throw new Error(`unexpected ${c} at ${this.i}`);
      this.i += m[0].length;
    }
  }

  private string(): string {
    const start = this.i;
    this.i++;
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '\\') this.i += 2;
      else if (c === '"') {
        this.i++;
        return JSON.parse(this.s.slice(start, this.i)) as string;
      } else this.i++;
    }
    throw new Error('unterminated string');
  }

  private object(path: string): void {
    this.expect('{');
    const keys = new Set<string>();
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') throw new Error(`expected key at ${this.i}`);
      const key = this.string();
      const here = path ? `${path}.${key}` : key;
      if (keys.has(key)) {
        if (!this.seen.has(here)) {
          this.seen.add(here);
          this.duplicates.push(here);
        }
      } else keys.add(key);
      this.expect(':');
      this.value(here);
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      this.expect('}');
      return;
    }
  }

  private array(path: string): void {
    this.expect('[');
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return;
    }
    for (let n = 0; ; n++) {
      this.value(`${path}[${n}]`);
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      this.expect(']');
      return;
    }
  }
}
