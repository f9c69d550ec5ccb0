import type { LogChunk } from '../../sdk/cri/index.js';

/**
 * Splits Docker's multiplexed stream (8-byte frame headers: stream type, 3 zero bytes, uint32
 * big-endian length) into chunks, across arbitrary read boundaries.
 */
export class LogDemuxer {
  private pending: Buffer = Buffer.alloc(0);

  /** Adds bytes and returns the complete frames they finish. */
  push(data: Buffer): LogChunk[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, data]) : data;
    const out: LogChunk[] = [];
    while (this.pending.length >= 8) {
      const length = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + length) break;
      const type = this.pending[0];
      const payload = this.pending.subarray(8, 8 + length);
      this.pending = this.pending.subarray(8 + length);
      if (type === 1 || type === 0) out.push({ stream: 'stdout', data: Buffer.from(payload) });
      else if (type === 2) out.push({ stream: 'stderr', data: Buffer.from(payload) });
      // type 3 (system error) carries no container output
    }
    return out;
  }

  /** Bytes of an incomplete frame still waiting (0 after a clean end). */
  get remaining(): number {
    return this.pending.length;
  }
}

/** Demultiplexes a whole buffer. */
export function demuxBuffer(data: Buffer): LogChunk[] {
  return new LogDemuxer().push(data);
}
