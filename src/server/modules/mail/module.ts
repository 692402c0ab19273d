import { defineModule } from "../define";
import { EMAIL_SEND_EVENT, sendEmailJob } from "./jobs";

export const mailModule = defineModule({ id: "mail", jobs: [sendEmailJob], events: [EMAIL_SEND_EVENT] });
