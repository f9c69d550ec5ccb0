import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { constants, createDeflate, createInflate, type Deflate, type Inflate } from 'node:zlib';
import { spdyDictionary } from './spdy-dictionary.js';

const FLAG_FIN = 0x01;
const TYPE_SYN_STREAM = 1;
const TYPE_SYN_REPLY = 2;
const TYPE_RST_STREAM = 3;
const TYPE_PING = 6;
const TYPE_GOAWAY = 7;

/** A stream the peer opened, with its (lower-cased) headers. */
export class SpdyStream extends EventEmitter {
  /** True once the peer sent FIN. */
  remoteClosed = false;
  /** True once we sent FIN. */
  localClosed = false;

  constructor(
    private readonly session: SpdySession,
    readonly id: number,
    readonly headers: ReadonlyMap<string, string>,
  ) {
    super();
  }

  /** Sends data on the stream. */
  write(data: Buffer): void {
    if (!this.localClosed) this.session.sendData(this.id, data, false);
  }

  /** Half-closes our side (DATA with FIN). Idempotent. */
  end(): void {
    if (this.localClosed) return;
    this.localClosed = true;
    this.session.sendData(this.id, Buffer.alloc(0), true);
  }

  /** Resets the stream (RST_STREAM CANCEL). */
  reset(): void {
    this.localClosed = true;
    this.remoteClosed = true;
    this.session.sendRst(this.id, 5);
  }
}

/**
 * The server side of a SPDY/3.1 session over a byte stream, as much of it as Kubernetes streaming
 * uses (moby/spdystream clients): SYN_STREAM (answered with SYN_REPLY), DATA with FIN, RST_STREAM,
 * PING and GOAWAY; SETTINGS and WINDOW_UPDATE are accepted and ignored. Header blocks use one
 * zlib context per direction with the SPDY/3 dictionary. Emits `stream` (SpdyStream) and `close`.
 */
export class SpdySession extends EventEmitter {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly inflate: Inflate;
  private readonly deflate: Deflate;
  private readonly streams = new Map<number, SpdyStream>();
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly write: (data: Buffer) => void) {
    super();
    this.inflate = createInflate({ dictionary: spdyDictionary });
    this.deflate = createDeflate({ dictionary: spdyDictionary });
  }

  /** Feeds bytes received from the peer. */
  receive(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    while (this.buffer.length >= 8) {
      const length = this.buffer.readUIntBE(5, 3);
      if (this.buffer.length < 8 + length) break;
      const frame = this.buffer.subarray(0, 8 + length);
      this.buffer = this.buffer.subarray(8 + length);
      this.queue = this.queue.then(() => this.handle(frame)).catch((err: unknown) => void this.emit('error', err));
    }
  }

  /** Ends the session: every stream closes. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.streams.values()) s.emit('close');
    this.streams.clear();
    this.inflate.close();
    this.deflate.close();
    this.emit('close');
  }

  private async handle(frame: Buffer): Promise<void> {
    if (this.closed) return;
    const control = (frame[0]! & 0x80) !== 0;
    const flags = frame[4]!;
    const payload = frame.subarray(8);
    if (!control) {
      const id = frame.readUInt32BE(0) & 0x7fffffff;
      const s = this.streams.get(id);
      if (!s) return;
      if (payload.length) s.emit('data', Buffer.from(payload));
      if (flags & FLAG_FIN) {
        s.remoteClosed = true;
        s.emit('end');
      }
      return;
    }
    const type = frame.readUInt16BE(2);
    switch (type) {
      case TYPE_SYN_STREAM: {
        const id = payload.readUInt32BE(0) & 0x7fffffff;
        const headers = await this.decodeHeaders(payload.subarray(10));
        const s = new SpdyStream(this, id, headers);
        this.streams.set(id, s);
        await this.sendSynReply(id);
        this.emit('stream', s);
        if (flags & FLAG_FIN) {
          s.remoteClosed = true;
          s.emit('end');
        }
        return;
      }
      case TYPE_RST_STREAM: {
        const id = payload.readUInt32BE(0) & 0x7fffffff;
        const s = this.streams.get(id);
        if (s) {
          s.remoteClosed = true;
          s.localClosed = true;
          this.streams.delete(id);
          s.emit('reset');
          s.emit('close');
        }
        return;
      }
      case TYPE_PING:
        this.write(Buffer.from(frame));
        return;
      case TYPE_GOAWAY:
        this.close();
        return;
      default:
        return; // SETTINGS, WINDOW_UPDATE, HEADERS: nothing to do
    }
  }

  private zlibRun(z: Inflate | Deflate, input: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const out: Buffer[] = [];
      const onData = (d: Buffer) => out.push(d);
      const onError = (e: Error) => {
        z.off('data', onData);
        reject(e);
      };
      z.on('data', onData);
      z.once('error', onError);
      z.write(input);
      z.flush(constants.Z_SYNC_FLUSH, () => {
        z.off('data', onData);
        z.off('error', onError);
        resolve(Buffer.concat(out));
      });
    });
  }

  private async decodeHeaders(block: Buffer): Promise<Map<string, string>> {
    const raw = await this.zlibRun(this.inflate, block);
    const headers = new Map<string, string>();
    let off = 0;
    const n = raw.readUInt32BE(off);
    off += 4;
    for (let i = 0; i < n; i++) {
      const kl = raw.readUInt32BE(off);
      off += 4;
      const k = raw
        .subarray(off, off + kl)
        .toString('latin1')
        .toLowerCase();
      off += kl;
      const vl = raw.readUInt32BE(off);
      off += 4;
      const v = raw.subarray(off, off + vl).toString('latin1');
      off += vl;
      headers.set(k, v.split('\0')[0]!);
    }
    return headers;
  }

  private async sendSynReply(id: number): Promise<void> {
    const block = await this.zlibRun(this.deflate, Buffer.alloc(4)); // zero header pairs
    const frame = Buffer.alloc(8 + 4 + block.length);
    frame.writeUInt16BE(0x8003, 0);
    frame.writeUInt16BE(TYPE_SYN_REPLY, 2);
    frame.writeUIntBE(4 + block.length, 5, 3);
    frame.writeUInt32BE(id & 0x7fffffff, 8);
    block.copy(frame, 12);
    this.write(frame);
  }

  /** Sends a DATA frame (split into 64 KiB frames). */
  sendData(id: number, data: Buffer, fin: boolean): void {
    if (this.closed) return;
    const max = 0xffff;
    let off = 0;
    do {
      const part = data.subarray(off, off + max);
      off += part.length;
      const last = off >= data.length;
      const frame = Buffer.alloc(8 + part.length);
      frame.writeUInt32BE(id & 0x7fffffff, 0);
      frame[4] = fin && last ? FLAG_FIN : 0;
      frame.writeUIntBE(part.length, 5, 3);
      part.copy(frame, 8);
      this.write(frame);
    } while (off < data.length);
  }

  /** Sends RST_STREAM with a status code. */
  sendRst(id: number, status: number): void {
    if (this.closed) return;
    const frame = Buffer.alloc(16);
    frame.writeUInt16BE(0x8003, 0);
    frame.writeUInt16BE(TYPE_RST_STREAM, 2);
    frame.writeUIntBE(8, 5, 3);
    frame.writeUInt32BE(id & 0x7fffffff, 8);
    frame.writeUInt32BE(status, 12);
    this.write(frame);
    this.streams.delete(id);
  }
}

/** Runs a SPDY session over a duplex byte stream (a raw upgraded socket). */
export function spdyOverDuplex(socket: Duplex): SpdySession {
  const session = new SpdySession((d) => {
    if (!socket.destroyed) socket.write(d);
  });
  socket.on('data', (d: Buffer) => session.receive(d));
  socket.on('close', () => session.close());
  socket.on('error', () => session.close());
  session.on('close', () => socket.destroy());
  return session;
}
