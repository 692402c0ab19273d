import { defineModule } from "../define";
import { notifyDealAssignedJob, notifyImportFinishedJob, notifyAnomalyDetectedJob, notifyLowStockJob, notifyMentionJob, notifyTaskAssignedJob, notifyTaskOverdueJob } from "./jobs";

/** Notifications: written by its jobs from other modules' events; read and marked by each member (the bell). */
export const notificationsModule = defineModule({
  id: "notifications",
  jobs: [notifyTaskAssignedJob, notifyTaskOverdueJob, notifyDealAssignedJob, notifyMentionJob, notifyImportFinishedJob, notifyLowStockJob, notifyAnomalyDetectedJob],
});
