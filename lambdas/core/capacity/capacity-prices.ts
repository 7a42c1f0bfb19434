/**
 * List prices (USD, us-east-1, on-demand, as published by AWS in 2025) the capacity
 * recommendations use to estimate monthly cost effects. They are estimates: a deployment in
 * another region or with savings plans can pass its own {@link CapacityPrices}.
 */
export interface CapacityPrices {
  /** Lambda compute, per GB-second (x86). */
  readonly lambdaGbSecond: number;
  /** Kinesis Data Streams provisioned shard, per shard-hour. */
  readonly kinesisShardHour: number;
  /** DynamoDB provisioned write capacity unit, per WCU-hour. */
  readonly dynamoWcuHour: number;
  /** DynamoDB provisioned read capacity unit, per RCU-hour. */
  readonly dynamoRcuHour: number;
  /** DynamoDB on-demand, per million write request units. */
  readonly dynamoOnDemandWriteMillion: number;
  /** Timestream memory store, per GB-hour. */
  readonly timestreamMemoryGbHour: number;
  /** Timestream magnetic store, per GB-month. */
  readonly timestreamMagneticGbMonth: number;
}

/** The default prices (us-east-1 list prices). */
export const DEFAULT_PRICES: CapacityPrices = {
  lambdaGbSecond: 0.0000166667,
  kinesisShardHour: 0.015,
  dynamoWcuHour: 0.00065,
  dynamoRcuHour: 0.00013,
  dynamoOnDemandWriteMillion: 0.625,
  timestreamMemoryGbHour: 0.036,
  timestreamMagneticGbMonth: 0.03,
};

/** Hours in an average month (730 = 8,760 / 12), the unit monthly estimates use. */
export const HOURS_PER_MONTH = 730;
