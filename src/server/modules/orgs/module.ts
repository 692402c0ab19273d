import { defineModule } from "../define";
import { SEATS_LIMIT } from "./limits";
import { orgsNav } from "./nav";

export const orgsModule = defineModule({ id: "orgs", nav: orgsNav, limits: [SEATS_LIMIT] });
