import { LogMasker, MaskingConfig } from './masking/log-masker';
import { DEFAULT_DRAIN_CONFIG, DrainConfig } from './patterns/drain-config';
import { DrainMiner, DrainState } from './patterns/drain-miner';
import type { ParsedLog, ParseOptions } from './parsing/parsed-log';
import { parseLogLine } from './parsing/log-line-parser';

/** A processed line: parsed, masked and assigned to a pattern. */
export interface ProcessedLine {
  readonly parsed: ParsedLog;
  readonly patternId: string;
  /** Masking replacements per rule. */
  readonly maskCounts: Readonly<Record<string, number>>;
}

/** Settings of the pipeline. */
export interface LogLineProcessorOptions {
  readonly masking?: MaskingConfig;
  readonly drain?: DrainConfig;
  readonly parse?: ParseOptions;
  /** Miner state saved from an earlier run. */
  readonly minerState?: DrainState;
}

/**
 * The pure log pipeline for one stream of lines: parse, mask sensitive data in message and
 * attributes, then mine the pattern of the masked message (so templates never hold secrets).
 */
export class LogLineProcessor {
  readonly masker: LogMasker;
  readonly miner: DrainMiner;

  constructor(private readonly options: LogLineProcessorOptions = {}) {
    this.masker = new LogMasker(options.masking);
    this.miner = options.minerState ? DrainMiner.fromJSON(options.minerState) : new DrainMiner(options.drain ?? DEFAULT_DRAIN_CONFIG);
  }

  /** Processes one line (or a multi-line entry); `fallbackTime` is used when the line has none. */
  process(line: string, fallbackTime = 0): ProcessedLine {
    const parsed = parseLogLine(line, this.options.parse);
    const { record, counts } = this.masker.maskRecord(parsed);
    const match = this.miner.add(record.message, record.timestamp ?? fallbackTime);
    return { parsed: record, patternId: match.patternId, maskCounts: counts };
  }
}
