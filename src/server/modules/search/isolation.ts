import { defineIsolation } from "../../../test/isolation";

/** The global search, asked for the other tenant's name (its records carry it): it must find nothing of theirs. */
export const searchIsolation = defineIsolation({
  module: "search",
  buildFixture: async ({ name }) => ({ name }),
  cases: {
    "search.query": { minimumRole: "viewer", call: (api, ids) => api.search.query({ q: ids.name.split(" ").at(-1) ?? ids.name }) },
  },
});
