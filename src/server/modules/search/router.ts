import { createTRPCRouter, roleProcedure } from "../../api/trpc";
import { runSearch, searchInput } from "../../records/search";
import { ALL_SEARCHERS } from "..";
import { SEARCH } from "./permissions";

/** The global search: every module's searchers, in the caller's tenant transaction (its policies decide what is found). */
export const searchRouter = createTRPCRouter({
  query: roleProcedure(SEARCH.read)
    .input(searchInput)
    .query(({ ctx, input }) => runSearch(ctx.db, ctx.actor, ALL_SEARCHERS, input)),
});
