import { defineModule } from "../define";

/** Users, passwords and sessions: no tenant data, jobs or navigation of its own (account emails go through mail). */
export const accountsModule = defineModule({ id: "accounts" });
