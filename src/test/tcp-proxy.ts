import net from "node:net";

/**
 * Test support: a plain TCP relay in front of a server (Postgres in the outage tests) that
 * can be "stopped" — every open connection destroyed, new ones refused, as when the database
 * host goes away — and "started" again on the same port, without touching the real server
 * that other tests and processes share.
 */
export type SwitchableProxy = {
  port: number;
  /** Connections relayed since the proxy was made. */
  readonly connections: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
};

export async function startSwitchableProxy(upstreamHost: string, upstreamPort: number): Promise<SwitchableProxy> {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  let server: net.Server | null = null;
  let port = 0;

  const relay = (client: net.Socket) => {
    connections++;
    const upstream = net.connect(upstreamPort, upstreamHost);
    sockets.add(client);
    sockets.add(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      socket.on("close", closeBoth);
      socket.on("error", closeBoth);
    }
  };

  const listen = async () => {
    const next = net.createServer(relay);
    await new Promise<void>((resolve, reject) => {
      next.once("error", reject);
      next.listen(port, "127.0.0.1", () => resolve());
    });
    const address = next.address();
    if (!address || typeof address === "string") throw new Error("the proxy has no TCP address");
    port = address.port;
    server = next;
  };

  const stop = async () => {
    const current = server;
    server = null;
    // Destroyed, not ended: the peer sees a reset or an abrupt close, as with a dead host.
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };

  await listen();
  return {
    port,
    get connections() {
      return connections;
    },
    stop,
    async start() {
      if (!server) await listen();
    },
    close: stop,
  };
}
