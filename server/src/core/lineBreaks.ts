/**
 * Counting a byte between two offsets of a file in one call: the line feeds
 * LineIndex's forward cursor passes, and whether the file has a carriage
 * return. That cursor found each break with `indexOf('\n')`, one call per
 * line: the L corpus has 25 million lines, and at about 15 ns a call it was
 * 8% of an index worker's time (no native call counts a character in bulk;
 * `match`, `split`, `replaceAll` and a `charCodeAt` loop were 2.7 to 4 times
 * slower). A WebAssembly loop compares 16 bytes per step instead.
 *
 * It reads the UTF-8 bytes the text was decoded from, copied into its own
 * memory. Their offsets are the text's when the text has as many UTF-16
 * units as the bytes: a decoder gives at most one unit per byte (a valid
 * sequence of 2 to 4 bytes gives 1 or 2 units, each invalid byte at most one
 * U+FFFD), so equal lengths mean one unit per byte throughout, and a byte
 * 0x0A is the `\n` at the same offset.
 *
 * Where WebAssembly or its SIMD cannot run, `countByte` says so and
 * the caller counts as before.
 */

/**
 * The module, assembled from this text (a unit test assembles it again and
 * compares):
 *
 *   (module
 *     (memory (export "memory") 1)
 *     ;; the number of bytes equal to $byte in [$from, $to)
 *     (func (export "count") (param $from i32) (param $to i32) (param $byte i32) (result i32)
 *       (local $n i32) (local $splat v128)
 *       (local.set $splat (i8x16.splat (local.get $byte)))
 *       (block $done
 *         (loop $wide
 *           (br_if $done (i32.gt_s (i32.add (local.get $from) (i32.const 16)) (local.get $to)))
 *           (local.set $n (i32.add (local.get $n)
 *             (i32.popcnt (i8x16.bitmask (i8x16.eq (v128.load (local.get $from)) (local.get $splat))))))
 *           (local.set $from (i32.add (local.get $from) (i32.const 16)))
 *           (br $wide)))
 *       (block $end
 *         (loop $narrow
 *           (br_if $end (i32.ge_s (local.get $from) (local.get $to)))
 *           (local.set $n (i32.add (local.get $n) (i32.eq (i32.load8_u (local.get $from)) (local.get $byte))))
 *           (local.set $from (i32.add (local.get $from) (i32.const 1)))
 *           (br $narrow)))
 *       (local.get $n)))
 */
export const BYTE_COUNT_MODULE =
  '0061736d0100000001080160037f7f7f017f030201000503010001071202066d656d6f7279020005636f756e7400000a5e015c02017f017b2002fd0f210402400340200041106a20014a0d0120032000fd0004002004fd23fd64696a2103200041106a21000c000b0b02400340200020014e0d01200320002d00002002466a2103200041016a21000c000b0b20030b';

const PAGE = 65536;

interface Kernel {
  memory: WebAssembly.Memory;
  count: (from: number, to: number, byte: number) => number;
}

/** The compiled module (null: it cannot run here), made at the first count. */
let kernel: Kernel | null | undefined;
/** The bytes now in the module's memory. */
let loaded: Uint8Array | undefined;

function compile(): Kernel | null {
  try {
    const bytes = new Uint8Array(BYTE_COUNT_MODULE.length / 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(BYTE_COUNT_MODULE.slice(2 * i, 2 * i + 2), 16);
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
    return { memory: exports.memory as WebAssembly.Memory, count: exports.count as Kernel['count'] };
  } catch {
    // No WebAssembly, no SIMD, or a content security policy that forbids compiling it.
    return null;
  }
}

/**
 * The number of bytes equal to `byte` in `bytes[from, to)`, or undefined
 * when the module cannot run here or its memory cannot grow to hold them.
 * Copies `bytes` into the module's memory when they are not the ones last
 * counted in (a view is taken as the same bytes while it is the same
 * object: callers must not change them between calls).
 */
export function countByte(bytes: Uint8Array, byte: number, from: number, to: number): number | undefined {
  if (kernel === undefined) kernel = compile();
  if (kernel === null) return undefined;
  if (loaded !== bytes) {
    const { memory } = kernel;
    try {
      if (bytes.length > memory.buffer.byteLength) memory.grow(Math.ceil((bytes.length - memory.buffer.byteLength) / PAGE));
    } catch {
      // Past what the module's memory may hold.
      return undefined;
    }
    new Uint8Array(memory.buffer, 0, bytes.length).set(bytes);
    loaded = bytes;
  }
  return kernel.count(Math.max(0, from), Math.min(to, bytes.length), byte);
}

/** Forgets the bytes last copied in, so that they are not kept alive (and not taken for a later view of the same memory). */
export function forgetBytes(bytes: Uint8Array): void {
  if (loaded === bytes) loaded = undefined;
}
