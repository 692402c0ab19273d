/** Next calls this once at server start; the checks themselves need Node APIs. */
export async function register() {
  // NEXT_RUNTIME is set by Next itself to pick the runtime; not app configuration.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkBeforeServing } = await import("./server/startup");
    await checkBeforeServing();
  }
}
