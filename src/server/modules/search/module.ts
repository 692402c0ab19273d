import { defineModule } from "../define";

/** The global search box: one procedure over every module's searchers (their manifests' `searchers`). */
export const searchModule = defineModule({ id: "search" });
