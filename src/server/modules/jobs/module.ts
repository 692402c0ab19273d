import { defineModule } from "../define";
import { pruneOutboxJob, TEST_PING_EVENT, testPingJob } from "./jobs";
import { jobsNav } from "./nav";

/** Settings → Jobs: the tenant's events and runs, the test event, and the outbox's upkeep. */
export const jobsModule = defineModule({
  id: "jobs",
  jobs: [testPingJob, pruneOutboxJob],
  events: [TEST_PING_EVENT],
  nav: jobsNav,
});
