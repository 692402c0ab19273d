import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Socket } from "node:net";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/ai/chat/route";
import { sessionCookie } from "../../../../test/http";
import { reloadEnv } from "../../../platform/env";
import type { ChatStreamEvent } from "./protocol";
import { timeoutMessage } from "./service";
import { tenantOnPlan } from "./test-support";

/**
 * Issue 17: the language model times out. service.test.ts covers the service with a scripted
 * model that stalls; here the real pieces run: POST /api/ai/chat, the configured
 * OpenAI-compatible provider (LLM_BASE_URL) over HTTP, and a local endpoint that accepts the
 * request and then never answers, or starts streaming and stalls. LLM_TIMEOUT_MS is 1 s.
 */
const TIMEOUT_MS = 1_000;
const VARIABLES = ["LLM_API_KEY", "LLM_MODEL", "LLM_BASE_URL", "LLM_TIMEOUT_MS"] as const;
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));

type Behaviour = "silent" | "stalls-mid-answer";

describe.runIf(process.env.TEST_DATABASE_MODE === "postgres")("with a language model endpoint that does not answer in time", () => {
  let server: http.Server;
  let behaviour: Behaviour = "silent";
  const requests: { url: string; closedAfterMs: number | null }[] = [];
  const sockets = new Set<Socket>();
  let owner: postgres.Sql;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const seen = { url: req.url ?? "", closedAfterMs: null as number | null };
      requests.push(seen);
      const started = Date.now();
      // The app giving up closes the connection: recorded, so the test knows the call was cut, not left open.
      res.on("close", () => (seen.closedAfterMs = Date.now() - started));
      req.resume();
      if (behaviour === "stalls-mid-answer") {
        res.writeHead(200, { "content-type": "text/event-stream" });
        const chunk = { id: "c1", object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model: "stalling", choices: [{ index: 0, delta: { role: "assistant", content: "The policy says" }, finish_reason: null }] };
        res.write(`data: ${JSON.stringify(chunk)}\n\n`);
      }
      // …and nothing more, ever.
    });
    server.on("connection", (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    Object.assign(process.env, { LLM_API_KEY: "test-key", LLM_MODEL: "stalling", LLM_BASE_URL: `http://127.0.0.1:${port}/v1`, LLM_TIMEOUT_MS: String(TIMEOUT_MS) });
    reloadEnv();
    owner = postgres(process.env.TEST_OWNER_DATABASE_URL!, { max: 1, onnotice: () => {} });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    for (const name of VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    reloadEnv();
    await owner.end({ timeout: 5 });
  });

  /** Asks through the route and reads the NDJSON stream as it comes: the events, and when the model's turn began and the stream ended. */
  async function ask(tenantId: string, cookie: string): Promise<{ status: number; events: ChatStreamEvent[]; modelPhaseMs: number }> {
    const response = await POST(
      new Request("http://localhost/api/ai/chat", {
        method: "POST",
        headers: { cookie, "x-tenant-id": tenantId, "content-type": "application/json" },
        body: JSON.stringify({ message: "What does the travel policy say?" }),
      }),
    );
    const events: ChatStreamEvent[] = [];
    let startedAt = 0;
    let buffered = "";
    const decoder = new TextDecoder();
    for await (const chunk of response.body!) {
      buffered += decoder.decode(chunk, { stream: true });
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines.filter((l) => l.trim() !== "")) {
        const event = JSON.parse(line) as ChatStreamEvent;
        if (event.type === "start") startedAt = Date.now(); // retrieval is done; the model is called next
        events.push(event);
      }
    }
    return { status: response.status, events, modelPhaseMs: Date.now() - startedAt };
  }

  it.each([
    ["never answers", "silent", ""],
    ["starts an answer and stalls", "stalls-mid-answer", "The policy says"],
  ] as const)("an endpoint that %s: a clear error within the timeout, the call cut, the turn saved whole as an error", async (_label, mode, partial) => {
    behaviour = mode;
    const before = requests.length;
    const { org, owner: member } = await tenantOnPlan();
    const cookie = await sessionCookie(member);

    const { status, events, modelPhaseMs } = await ask(org.id, cookie);
    expect(status).toBe(200);
    expect(requests.length).toBe(before + 1); // the provider really called the endpoint
    expect(requests.at(-1)!.url).toBe("/v1/chat/completions");
    // Not hung: from the model call to the end of the stream, the timeout plus saving the answer.
    expect(modelPhaseMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(modelPhaseMs).toBeLessThan(TIMEOUT_MS + 1_000);
    expect(events[0]).toMatchObject({ type: "start", mode: "model" });
    expect(events.at(-2)).toEqual({ type: "error", message: timeoutMessage(TIMEOUT_MS) });
    expect(events.at(-1)).toMatchObject({ type: "done", mode: "error" });
    // The HTTP call to the model was aborted, not left open in the background.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(requests.at(-1)!.closedAfterMs).not.toBeNull();

    // In the database: the question, one assistant message marked as an error with what had
    // arrived, the question counted once; no transaction left open by the request.
    const messages = await owner<{ role: string; content: string; answer_mode: string | null }[]>`
      select role::text, content, answer_mode::text from ai_messages where tenant_id = ${org.id} order by created_at, role desc`;
    expect(messages).toEqual([
      { role: "user", content: "What does the travel policy say?", answer_mode: null },
      { role: "assistant", content: partial, answer_mode: "error" },
    ]);
    const [usage] = await owner<{ messages: number }[]>`select messages from ai_usage where tenant_id = ${org.id}`;
    expect(usage?.messages).toBe(1);
    const openTransactions = await owner<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`;
    expect(openTransactions[0]!.n).toBe(0);
  });
});
