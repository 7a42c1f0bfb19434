/** A model fitted to a history, able to extend it. */
export interface FittedModel {
  /** Point forecasts for the next `horizon` steps (one per sampling interval). */
  forecast(horizon: number): number[];
}

/** A forecasting method: fits itself to regularly spaced values with a known season (0 = none). */
export interface ForecastModel {
  /** Stable name, e.g. `holt-winters-additive-damped`, reported as the chosen model. */
  readonly name: string;
  /** The fitted model, or undefined when the method does not apply (too little data, non-positive values ...). */
  fit(values: readonly number[], period: number): FittedModel | undefined;
}
