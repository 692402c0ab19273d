import { defineModule } from "../define";

/** Analytics: forecasting for now (pure functions over series, see forecast/README.md); no tables, jobs or navigation yet. */
export const analyticsModule = defineModule({ id: "analytics" });
