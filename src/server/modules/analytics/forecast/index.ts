/** The forecasting library's public surface (README.md beside this file). */
export { backtest, type BacktestOptions, type BacktestResult } from "./backtest";
export { forecast, FORECAST_METHODS, ForecastInputError, type EtsFitSummary, type Forecast, type ForecastMethod, type ForecastOptions, type Series } from "./forecast";
export { parseForecastRequests, runForecastRequests, ForecastRequestsError, type ForecastOutput, type ForecastRequest } from "./requests";
