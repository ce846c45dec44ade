/**
 * Text written straight into UTF-8 buffers, for answers assembled from many
 * pieces (item pages: a prefix, the stored geometry text, the properties).
 * Joining the pieces into one string first copies every byte twice more —
 * once to flatten the rope, and a stored geometry (one-byte) widened to
 * two-byte beside Chinese property text — before the socket encodes it; on a
 * page of ~1,000 features that copying cost more than building the features.
 */
const CHUNK_BYTES = 64 * 1024;
/** The most UTF-8 bytes one UTF-16 code unit can take. */
const MAX_BYTES_PER_UNIT = 3;

export class ByteChunks {
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private full: Buffer[] = [];
  private total = 0;

  write(text: string): void {
    const room = this.buffer.length - this.used;
    if (text.length * MAX_BYTES_PER_UNIT > room) this.next(text.length * MAX_BYTES_PER_UNIT);
    this.used += this.buffer.write(text, this.used);
  }

  /** Bytes written since the last take(). */
  get byteLength(): number {
    return this.total + this.used;
  }

  /** The bytes written since the last take(), in order (each chunk a view; none is reused). */
  take(): Buffer[] {
    this.next(0);
    const out = this.full;
    this.full = [];
    this.total = 0;
    return out;
  }

  /** Everything written as one buffer (no copy when it fits one chunk). */
  takeAll(): Buffer {
    const chunks = this.take();
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  }

  private next(atLeast: number): void {
    if (this.used > 0) {
      this.full.push(this.buffer.subarray(0, this.used));
      this.total += this.used;
      // The rest of this buffer stays unused: its start is handed out and must not change.
      this.buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, atLeast));
    } else if (this.buffer.length < atLeast) {
      this.buffer = Buffer.allocUnsafe(atLeast);
    }
    this.used = 0;
  }
}
