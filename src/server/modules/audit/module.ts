import { defineModule } from "../define";
import { auditNav } from "./nav";

export const auditModule = defineModule({ id: "audit", nav: auditNav });
