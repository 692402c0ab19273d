import { defineModule } from "../define";

/** The platform's super admin area (/admin): outside every tenant, so no tenant navigation. */
export const adminModule = defineModule({ id: "admin" });
