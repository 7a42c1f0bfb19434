/**
 * Alerting core: rules, evaluation, notification, correlation, escalation and analytics as pure
 * functions over plain-JSON state. The query function and delivery are injected by the caller.
 */
export { parseDuration, formatDuration } from './duration';
export { fingerprint, labelsFingerprint } from './fingerprint';
export type { AlertingRule, FieldError, RecordingRule, Rule, RuleGroup, RuleSeverity } from './rules/rule';
export { ruleName } from './rules/rule';
export { validateRule, type RuleInput, type RuleValidation } from './rules/rule-validator';
export { compileThresholdRule, type ThresholdRuleInput, type ThresholdCompilation } from './rules/threshold-rule';
export { importPrometheusRules, type RuleImport } from './rules/prometheus-rule-import';
export type { InstantSample, OutputSample, QueryFunction } from './evaluation/query-function';
export {
  EMPTY_ALERTING_RULE_STATE, RESOLVED_RETENTION_MS, evaluateAlertingRule, ruleAlertState,
  type AlertInstance, type AlertState, type AlertingRuleEvaluation, type AlertingRuleState, type RuleHealth,
} from './evaluation/alerting-rule-evaluator';
export { alertsToSend, type OutgoingAlert, type SendOptions } from './evaluation/alert-sender';
export { evaluateRecordingRule, type RecordingRuleEvaluation } from './evaluation/recording-rule-evaluator';
export { evaluateRuleGroup, ruleKey, type RuleGroupEvaluation, type RuleGroupOptions, type RuleGroupState } from './evaluation/rule-group-evaluator';
export { expandAlertTemplate, type TemplateContext } from './evaluation/alert-template-data';
export { TemplateInterpreter } from './evaluation/template/template-interpreter';
export { NotificationPipeline, type PipelineConfig, type ReceiverConfig, type TickResult } from './notification/notification-pipeline';
export * from './notification/notification-types';
export { toPortNotification } from './notification/notification-message';
export { compileRoute, matchRoutes, type Route, type RouteConfig } from './notification/route';
export { parseMatcher, parseMatchers } from './notification/matchers';
export { silenceState, silencedBy, validateSilence, type Silence, type SilenceState } from './notification/silences';
export type { InhibitRuleConfig } from './notification/inhibition';
export { inTimeInterval, type NamedTimeInterval, type TimeIntervalSpec } from './notification/time-intervals';
export { correlateAlerts, type CorrelationAlert, type CorrelationOptions, type DependencyGraph, type Incident } from './correlation/incident-correlator';
export { whoIsOnCall, type OnCallAnswer, type OnCallSchedule, type ScheduleLayer, type ScheduleOverride } from './escalation/oncall-schedule';
export {
  acknowledge, escalate, resolveEscalation, startEscalation,
  type EscalationLevel, type EscalationPage, type EscalationPolicy, type EscalationState, type EscalationTarget,
} from './escalation/escalation-policy';
export { detectFlapping, noisiestRules, responseMetrics, responseMetricsBy, type AlertTransition, type FlappingAlert, type IncidentRecord, type ResponseMetrics, type RuleNoise } from './analytics/alert-analytics';
export { staleAlertSamples } from './evaluation/stale-alert-samples';
export { validateRuleDocument, ruleGroupsFrom, ruleToPrometheus, type RuleDocument, type RuleGroupDocument } from './rules/rule-document';
export { DEFAULT_ALERTING_CONFIG, pipelineConfig, validateAlertingConfig, type AlertingConfig, type ReceiverDefinition, type ReceiverType } from './delivery/alerting-config';
export { alertmanagerApiAlerts, alertmanagerWebhookPayload, type AlertmanagerWebhookPayload, type PostableAlert, type WebhookAlert } from './delivery/alertmanager-payloads';
export { notificationTitle, slackPayload, teamsPayload } from './delivery/chat-payloads';
export { pagerDutyEvent, pagerDutyFollowUp, type PagerDutyAction, type PagerDutyEvent } from './delivery/pagerduty-event';
export * from './platform/alerting-store';
export { highestSeverity, incidentTitle, type IncidentAlert, type IncidentDocument, type TimelineEvent } from './platform/incident-record';
export { trackIncidents, type IncidentChanges, type IncidentTracking } from './platform/incident-tracker';
export { groupTransitions, type StoredTransition } from './platform/alert-transitions';
