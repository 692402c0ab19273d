import { defineModule } from "../define";
import { MEMBERSHIP_CHANGED } from "./events";
import { orgsHome } from "./home";
import { SEATS_LIMIT } from "./limits";
import { orgsNav } from "./nav";

export const orgsModule = defineModule({ id: "orgs", nav: orgsNav, limits: [SEATS_LIMIT], home: orgsHome, events: [MEMBERSHIP_CHANGED] });
