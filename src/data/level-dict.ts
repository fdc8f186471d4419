import { asciiOrUtf8 } from './number-bytes.js';

/**
 * Dictionary from byte strings to level codes (0, 1, … in first-seen order):
 * open addressing on an FNV-1a hash of the bytes, keys kept in one byte arena,
 * so a repeated label costs a hash and a byte compare, never a JS string.
 * A string is built once per new level.
 *
 * @example
 * ```ts
 * const d = new LevelDict();
 * const b = new TextEncoder().encode('a,b,a');
 * [d.code(b, 0, 1), d.code(b, 2, 3), d.code(b, 4, 5)]; // [0, 1, 0]
 * d.levels; // ['a', 'b']
 * ```
 */
export class LevelDict {
  /** Labels in code order. */
  readonly levels: string[] = [];
  private slots: Int32Array = new Int32Array(1024).fill(-1); // code per slot, -1 = empty
  private hashes: Int32Array = new Int32Array(512);
  private starts: Int32Array = new Int32Array(512);
  private lens: Int32Array = new Int32Array(512);
  private arena: Uint8Array = new Uint8Array(4096);
  private used = 0;

  /** Number of levels. */
  get size(): number {
    return this.levels.length;
  }

  /** Code of the label `bytes[s, e)`, adding it when new. */
  code(bytes: Uint8Array, s: number, e: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = s; i < e; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
    const len = e - s;
    const mask = this.slots.length - 1;
    let p = h & mask;
    for (;;) {
      const k = this.slots[p]!;
      if (k < 0) break;
      if (this.hashes[k] === h && this.lens[k] === len) {
        const a = this.arena;
        let j = this.starts[k]!;
        let i = s;
        while (i < e && a[j] === bytes[i]) {
          i++;
          j++;
        }
        if (i === e) return k;
      }
      p = (p + 1) & mask;
    }
    return this.insert(bytes, s, e, h, p);
  }

  private insert(bytes: Uint8Array, s: number, e: number, h: number, p: number): number {
    const k = this.levels.length;
    const len = e - s;
    if (k === this.hashes.length) {
      this.hashes = grow(this.hashes, k * 2);
      this.starts = grow(this.starts, k * 2);
      this.lens = grow(this.lens, k * 2);
    }
    if (this.used + len > this.arena.length) {
      const a = new Uint8Array(Math.max(this.arena.length * 2, this.used + len));
      a.set(this.arena.subarray(0, this.used));
      this.arena = a;
    }
    this.arena.set(bytes.subarray(s, e), this.used);
    this.hashes[k] = h;
    this.starts[k] = this.used;
    this.lens[k] = len;
    this.used += len;
    this.levels.push(asciiOrUtf8(bytes, s, e));
    this.slots[p] = k;
    if ((k + 1) * 2 > this.slots.length) this.rehash();
    return k;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let k = 0; k < this.levels.length; k++) {
      let p = this.hashes[k]! & mask;
      while (slots[p]! >= 0) p = (p + 1) & mask;
      slots[p] = k;
    }
    this.slots = slots;
  }
}

function grow(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
