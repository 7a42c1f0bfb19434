import type { Labels } from '../../domain/series';
import { TemplateInterpreter } from './template/template-interpreter';

/** External labels and URL a deployment may expose to templates (`$externalLabels`, `$externalURL`). */
export interface TemplateContext {
  readonly externalLabels?: Labels;
  readonly externalURL?: string;
}

const shared = new TemplateInterpreter();

/**
 * Expands one label or annotation template for one alert, with the data Prometheus gives:
 * `.Labels`/`$labels`, `.Value`/`$value`, `$externalLabels`, `$externalURL`. A template that
 * fails expands to the error text, as in Prometheus, so one bad annotation does not stop the rule.
 */
export function expandAlertTemplate(name: string, source: string, labels: Labels, value: number, ctx: TemplateContext = {}): string {
  const data = { Labels: labels, Value: value, ExternalLabels: ctx.externalLabels ?? {}, ExternalURL: ctx.externalURL ?? '' };
  try {
    return shared.render(source, data, { labels, value, externalLabels: data.ExternalLabels, externalURL: data.ExternalURL });
  } catch (e) {
    return `<error expanding template ${name}: ${(e as Error).message}>`;
  }
}
