import { defineModule } from "../define";
import { orgsNav } from "./nav";

export const orgsModule = defineModule({ id: "orgs", nav: orgsNav });
