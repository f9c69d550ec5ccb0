import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** Who made a request. */
export interface UserInfo {
  username: string;
  groups: string[];
}

/** A static bearer token and the user it stands for. */
export interface TokenEntry {
  token: string;
  user: UserInfo;
  /** After this instant the token no longer authenticates. */
  expires?: Date;
}

/**
 * Authenticates requests by verified client certificate (CN = user, O = groups) or by bearer
 * token. Returns undefined when neither identifies the caller (the server answers 401).
 */
export class Authenticator {
  private readonly tokens = new Map<string, TokenEntry>();
  private readonly certUsers = new WeakMap<TLSSocket, UserInfo | null>();

  constructor(tokens: TokenEntry[] = []) {
    for (const t of tokens) this.tokens.set(t.token, t);
  }

  /** Adds or replaces a bearer token (bootstrap tokens for agents, service account tokens). */
  addToken(entry: TokenEntry): void {
    this.tokens.set(entry.token, entry);
  }

  /** Removes a bearer token. */
  removeToken(token: string): void {
    this.tokens.delete(token);
  }

  /** Authenticates one request; the client certificate is read once per connection. */
  authenticate(req: IncomingMessage): UserInfo | undefined {
    const socket = req.socket as TLSSocket;
    if (socket.authorized) {
      let user = this.certUsers.get(socket);
      if (user === undefined) {
        user = userFromCertificate(socket) ?? null;
        this.certUsers.set(socket, user);
      }
      if (user) return user;
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
    const entry = this.tokens.get(presented);
    if (!entry || (entry.expires && entry.expires.getTime() <= Date.now())) return undefined;
    return entry.user;
  }
}

function userFromCertificate(socket: TLSSocket): UserInfo | undefined {
  const cert = socket.getPeerCertificate();
  const cn = cert?.subject?.CN;
  if (!cn) return undefined;
  const o = cert.subject.O;
  const groups = Array.isArray(o) ? o : o ? [o] : [];
  return { username: String(cn), groups: [...groups, 'system:authenticated'] };
}
