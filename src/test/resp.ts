import net from "node:net";

/**
 * A minimal Redis client over node:net for tests (the Upstash REST adapter, ./upstash-rest.ts,
 * and checks that scan what the app wrote). RESP2 only: simple strings, errors, integers,
 * bulk strings (binary-safe, as Buffers), arrays and nils. Commands written on one
 * connection are answered in order, so a batch written in one `write` (MULTI … EXEC) is
 * never interleaved with another caller's commands.
 */

/** An error reply from Redis (`-ERR …`): a value, not a failure of the connection. */
export class RespError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RespError";
  }
}

export type RespValue = string | number | Buffer | null | RespError | RespValue[];
export type RespArg = string | Buffer;

const CRLF = Buffer.from("\r\n");

/** The RESP encoding of one command: an array of bulk strings. */
export function encodeCommand(args: readonly RespArg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = typeof arg === "string" ? Buffer.from(arg, "utf8") : arg;
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, CRLF);
  }
  return Buffer.concat(parts);
}

const INCOMPLETE = Symbol("incomplete");
type Parsed = { value: RespValue; end: number } | typeof INCOMPLETE;

/** Parses one reply starting at `start`; INCOMPLETE when `buffer` does not hold all of it yet. */
export function parseReply(buffer: Buffer, start: number): Parsed {
  const lineEnd = buffer.indexOf(CRLF, start);
  if (lineEnd === -1) return INCOMPLETE;
  const type = String.fromCharCode(buffer[start]!);
  const line = buffer.toString("utf8", start + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case "+":
      return { value: line, end: next };
    case "-":
      return { value: new RespError(line), end: next };
    case ":":
      return { value: Number(line), end: next };
    case "$": {
      const length = Number(line);
      if (length < 0) return { value: null, end: next };
      if (buffer.length < next + length + 2) return INCOMPLETE;
      return { value: Buffer.from(buffer.subarray(next, next + length)), end: next + length + 2 };
    }
    case "*": {
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      const items: RespValue[] = [];
      let offset = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buffer, offset);
        if (item === INCOMPLETE) return INCOMPLETE;
        items.push(item.value);
        offset = item.end;
      }
      return { value: items, end: offset };
    }
    default:
      throw new Error(`RESP: unexpected reply type ${JSON.stringify(type)}`);
  }
}

export type RespConnection = {
  /** Sends one command; resolves with its reply (an error reply is a RespError value). */
  command(args: readonly RespArg[]): Promise<RespValue>;
  /** Sends several commands in one write; resolves with their replies in order. */
  commands(list: readonly (readonly RespArg[])[]): Promise<RespValue[]>;
  close(): Promise<void>;
};

type Pending = { resolve: (value: RespValue) => void; reject: (error: Error) => void };

/** Opens a connection to redis-server (and SELECTs `db` when given). */
export async function connectResp(options: { host?: string; port?: number; db?: number } = {}): Promise<RespConnection> {
  const socket = net.createConnection({ host: options.host ?? "127.0.0.1", port: options.port ?? 6379 });
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  const pending: Pending[] = [];
  let buffer: Buffer = Buffer.alloc(0);
  let failure: Error | null = null;

  const failAll = (error: Error) => {
    failure ??= error;
    for (const waiter of pending.splice(0)) waiter.reject(failure);
  };
  socket.on("data", (chunk: Buffer) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    let offset = 0;
    try {
      while (offset < buffer.length) {
        const parsed = parseReply(buffer, offset);
        if (parsed === INCOMPLETE) break;
        offset = parsed.end;
        const waiter = pending.shift();
        if (!waiter) throw new Error("RESP: a reply nobody asked for");
        waiter.resolve(parsed.value);
      }
    } catch (error) {
      failAll(error as Error);
      socket.destroy();
      return;
    }
    buffer = offset === buffer.length ? Buffer.alloc(0) : buffer.subarray(offset);
  });
  socket.on("error", (error) => failAll(error));
  socket.on("close", () => failAll(new Error("RESP: connection closed")));

  const commands = (list: readonly (readonly RespArg[])[]): Promise<RespValue[]> => {
    if (failure) return Promise.reject(failure);
    const replies = list.map(() => new Promise<RespValue>((resolve, reject) => pending.push({ resolve, reject })));
    socket.write(Buffer.concat(list.map((args) => encodeCommand(args))));
    return Promise.all(replies);
  };
  const connection: RespConnection = {
    commands,
    command: async (args) => (await commands([args]))[0]!,
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.destroyed) return resolve();
        socket.once("close", () => resolve());
        socket.end();
      }),
  };
  if (options.db !== undefined) {
    const selected = await connection.command(["SELECT", String(options.db)]);
    if (selected instanceof RespError) throw selected;
  }
  return connection;
}

/** A reply as text (bulk strings decoded as UTF-8); throws on an error reply. */
export function replyText(value: RespValue): string | null {
  if (value instanceof RespError) throw value;
  if (value === null) return null;
  if (Buffer.isBuffer(value)) return value.toString("utf8");
  return String(value);
}
