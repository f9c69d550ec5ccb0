import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { timingSafeEqual } from 'node:crypto';

/** Who made a request. */
export interface UserInfo {
  username: string;
  groups: string[];
}

/** A static bearer token and the user it stands for. */
export interface TokenEntry {
  token: string;
  user: UserInfo;
}

/**
 * Authenticates requests by verified client certificate (CN = user, O = groups) or by bearer
 * token. Returns undefined when neither identifies the caller (the server answers 401).
 */
export class Authenticator {
  private readonly tokens = new Map<string, UserInfo>();

  constructor(tokens: TokenEntry[] = []) {
    for (const t of tokens) this.tokens.set(t.token, t.user);
  }

  /** Adds or replaces a bearer token (bootstrap tokens for agents, service account tokens). */
  addToken(entry: TokenEntry): void {
    this.tokens.set(entry.token, entry.user);
  }

  /** Removes a bearer token. */
  removeToken(token: string): void {
    this.tokens.delete(token);
  }

  authenticate(req: IncomingMessage): UserInfo | undefined {
    const socket = req.socket as TLSSocket;
    if (socket.authorized) {
      const cert = socket.getPeerCertificate();
      const cn = cert?.subject?.CN;
      if (cn) {
        const o = cert.subject.O;
        const groups = Array.isArray(o) ? o : o ? [o] : [];
        return { username: String(cn), groups: [...groups, 'system:authenticated'] };
      }
    }
    const auth = req.headers.authorization;
    if (auth && auth.startsWith('Bearer ')) {
      const presented = auth.slice(7).trim();
      const user = this.lookup(presented);
      if (user) return { username: user.username, groups: [...user.groups, 'system:authenticated'] };
    }
    return undefined;
  }

  private lookup(presented: string): UserInfo | undefined {
    const direct = this.tokens.get(presented);
    if (direct) return direct;
    // Constant-time comparison against every token, so that a near miss takes as long as a far one.
    const p = Buffer.from(presented);
    for (const [token, user] of this.tokens) {
      const t = Buffer.from(token);
      if (t.length === p.length && timingSafeEqual(t, p)) return user;
    }
    return undefined;
  }
}
