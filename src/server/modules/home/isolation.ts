import { defineIsolation, noFixture } from "../../../test/isolation";

/** The home page reads only the caller's tenant (through the modules' services) and the caller's own hints. */
export const homeIsolation = defineIsolation({
  module: "home",
  buildFixture: noFixture,
  cases: {
    "home.get": { minimumRole: "viewer", call: (api) => api.home.get() },
    "home.dismissChecklist": { minimumRole: "member", call: (api) => api.home.dismissChecklist() },
  },
});
