import type { ModuleNav } from "../nav-types";
import { JOBS } from "./permissions";

// Client-safe (read by the app shell): no server imports here.
export const jobsNav: ModuleNav = {
  module: "jobs",
  settings: [{ key: "jobs", label: "Jobs", href: "/jobs", minimumRole: JOBS.manage }],
};
