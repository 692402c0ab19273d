import type { AnswerRun } from "./service";
import type { ChatStreamEvent } from "./protocol";

export const NDJSON_HEADERS = { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" };

/**
 * The answer as an NDJSON response: one ChatStreamEvent per line, written as they happen.
 * The answer runs to its end (and is saved) whoever reads it; when the client goes away
 * (`signal`, or the body is cancelled) the model call is aborted and what was written is
 * saved as a stopped answer.
 */
export function ndjsonAnswer(answer: AnswerRun, signal?: AbortSignal): Response {
  const abort = new AbortController();
  const encoder = new TextEncoder();
  let open = true;
  const onClientGone = () => abort.abort();
  if (signal?.aborted) abort.abort();
  else signal?.addEventListener("abort", onClientGone, { once: true });
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const emit = (event: ChatStreamEvent) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
        } catch {
          open = false; // the body was torn down under us: nobody is reading any more
        }
      };
      void answer.run(emit, abort.signal).finally(() => {
        signal?.removeEventListener("abort", onClientGone);
        if (!open) return;
        open = false;
        controller.close();
      });
    },
    cancel() {
      open = false;
      abort.abort();
    },
  });
  return new Response(body, { status: 200, headers: NDJSON_HEADERS });
}
