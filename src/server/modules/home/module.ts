import { defineModule } from "../define";

/** The home page: it owns no tables and shows what the other modules contribute (`home` in their manifests). */
export const homeModule = defineModule({ id: "home" });
