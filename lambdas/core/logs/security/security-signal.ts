/** What one log record says about security, if anything. */
export type SecuritySignal =
  | { readonly kind: 'auth-failure'; readonly user?: string; readonly sourceIp?: string }
  | { readonly kind: 'privilege-change'; readonly actor?: string; readonly target?: string; readonly action: string; readonly elevated: boolean }
  | { readonly kind: 'access-denied'; readonly principal?: string; readonly sourceIp?: string };

/** The parts of a parsed record the classifier reads. */
export interface SecurityInput {
  readonly timestamp: number;
  readonly message: string;
  readonly attributes?: Readonly<Record<string, unknown>>;
  readonly userId?: string;
}

const IP = String.raw`((?:\d{1,3}\.){3}\d{1,3}|[0-9a-fA-F:]*:[0-9a-fA-F:]+)`;
const SSH_FAILED = new RegExp(String.raw`\bFailed (?:password|publickey|none|keyboard-interactive(?:/pam)?|hostbased) for (?:invalid user )?(\S*) from ${IP}`);
const GENERIC_FAILED = /\b(?:login|log-in|logon|sign[- ]?in|authentication|auth)\s+(?:attempt\s+)?(?:failed|failure|denied|unsuccessful|rejected)\b|\b(?:failed|invalid|unsuccessful)\s+(?:login|logon|sign[- ]?in|authentication)\b|\binvalid (?:credentials|password)\b/i;
const USER_IN_TEXT = /\b(?:user(?:name)?|account)[=: ]\s*['"]?([\w.@-]+)|\bfor (?:invalid )?(?!user\b)['"]?([\w.@-]+)/i;
const IP_IN_TEXT = new RegExp(String.raw`\b(?:from|rhost=|ip[=: ]|client[=: ]|src[=: ])\s*\[?${IP}`, 'i');
const SUDO = /\bsudo(?:\[\d+\])?:\s+(\S+)\s*:.*?\bUSER=(\S+)\s*;\s*COMMAND=(.*)$/;
const SU = /\b(?:su(?:\[\d+\])?:\s+\(to (\S+)\) (\S+)|Successful su for (\S+) by (\S+))/;
const GROUP_ADD = /\b(?:add(?:ed)? (?:user )?'?([\w.-]+)'? to group '?([\w.-]+)'?|usermod\b.*-a?G\s+([\w,.-]+)\s+([\w.-]+))/i;
const ROLE_GRANT = /\b(?:grant(?:ed)?\s+(?:role\s+)?'?([\w.-]+)'?\s+to\s+(?:user\s+)?'?([\w.@-]+)'?|role\s+'?([\w.-]+)'?\s+(?:was\s+)?granted\s+to\s+'?([\w.@-]+)'?)/i;
const DENIED = /\b(?:access[ _-]?denied|permission denied|forbidden|not authori[sz]ed|unauthori[sz]edoperation|accessdenied(?:exception)?)\b/i;
const ADMIN_GROUPS = /^(?:root|wheel|sudo|admin|administrators?|docker)$/i;

const IAM_PRIVILEGE_EVENTS = new Set([
  'AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy', 'PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy',
  'AddUserToGroup', 'CreateAccessKey', 'CreateLoginProfile', 'UpdateLoginProfile', 'UpdateAssumeRolePolicy',
  'CreatePolicyVersion', 'SetDefaultPolicyVersion', 'PassRole',
]);
const DENIED_CODES = /^(?:AccessDenied|AccessDeniedException|UnauthorizedOperation|Client\.UnauthorizedOperation|UnauthorizedAccess)$/;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

function get(obj: unknown, ...path: string[]): unknown {
  let cur = obj;
  for (const p of path) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

// CloudTrail records: the attributes of a JSON line, or a JSON message.
function cloudTrail(input: SecurityInput): Record<string, unknown> | undefined {
  const a = input.attributes;
  if (a && typeof a.eventName === 'string' && typeof a.eventSource === 'string') return a as Record<string, unknown>;
  const m = input.message.trim();
  if (m.startsWith('{') && m.includes('"eventName"')) {
    try {
      const v = JSON.parse(m) as unknown;
      if (v && typeof v === 'object' && typeof (v as Record<string, unknown>).eventName === 'string') return v as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function principalOf(ct: Record<string, unknown>): string | undefined {
  return str(get(ct, 'userIdentity', 'arn')) ?? str(get(ct, 'userIdentity', 'userName')) ?? str(get(ct, 'userIdentity', 'principalId'));
}

function fromCloudTrail(ct: Record<string, unknown>): SecuritySignal | undefined {
  const name = ct.eventName as string;
  const ip = str(ct.sourceIPAddress);
  const principal = principalOf(ct);
  const error = str(ct.errorCode);
  if (name === 'ConsoleLogin' && (get(ct, 'responseElements', 'ConsoleLogin') === 'Failure' || error)) {
    return { kind: 'auth-failure', ...(principal ? { user: str(get(ct, 'userIdentity', 'userName')) ?? principal } : {}), ...(ip ? { sourceIp: ip } : {}) };
  }
  if (error && DENIED_CODES.test(error)) return { kind: 'access-denied', ...(principal ? { principal } : {}), ...(ip ? { sourceIp: ip } : {}) };
  if (IAM_PRIVILEGE_EVENTS.has(name) && !error) {
    const policy = str(get(ct, 'requestParameters', 'policyArn')) ?? str(get(ct, 'requestParameters', 'policyName')) ?? '';
    const target = str(get(ct, 'requestParameters', 'userName')) ?? str(get(ct, 'requestParameters', 'roleName')) ?? str(get(ct, 'requestParameters', 'groupName'));
    return {
      kind: 'privilege-change',
      action: policy ? `${name} ${policy}` : name,
      elevated: /AdministratorAccess|IAMFullAccess|PowerUserAccess|\*/.test(policy) || /^(?:admins?|administrators?)$/i.test(str(get(ct, 'requestParameters', 'groupName')) ?? ''),
      ...(principal ? { actor: principal } : {}),
      ...(target ? { target } : {}),
    };
  }
  return undefined;
}

/**
 * Classifies one record: authentication failures (sshd, PAM-less generic wording, HTTP 401,
 * CloudTrail console logins), privilege changes (sudo, su, group and role grants, IAM policy
 * attachments in CloudTrail) and access denials (HTTP 403, AccessDenied error codes, wording).
 */
export function classifySecurity(input: SecurityInput): SecuritySignal | undefined {
  const ct = cloudTrail(input);
  if (ct) return fromCloudTrail(ct);
  const text = input.message;
  const attrs = input.attributes ?? {};
  const status = typeof attrs['http.status_code'] === 'number' ? (attrs['http.status_code'] as number) : undefined;
  const clientIp = str(attrs['http.client_ip']);
  if (status === 401) return { kind: 'auth-failure', ...(input.userId ? { user: input.userId } : {}), ...(clientIp ? { sourceIp: clientIp } : {}) };
  if (status === 403) return { kind: 'access-denied', ...(input.userId ? { principal: input.userId } : {}), ...(clientIp ? { sourceIp: clientIp } : {}) };
  let m = SSH_FAILED.exec(text);
  if (m) return { kind: 'auth-failure', ...(m[1] ? { user: m[1] } : {}), sourceIp: m[2] };
  m = SUDO.exec(text);
  if (m) return { kind: 'privilege-change', actor: m[1], target: m[2], action: `sudo ${m[3].trim()}`, elevated: m[2] === 'root' };
  m = SU.exec(text);
  if (m) {
    const target = m[1] ?? m[3];
    return { kind: 'privilege-change', actor: m[2] ?? m[4], target, action: 'su', elevated: target === 'root' };
  }
  m = GROUP_ADD.exec(text);
  if (m) {
    const user = m[1] ?? m[4];
    const group = m[2] ?? m[3];
    return { kind: 'privilege-change', target: user, action: `group ${group}`, elevated: group.split(',').some((g) => ADMIN_GROUPS.test(g)) };
  }
  m = ROLE_GRANT.exec(text);
  if (m) {
    const role = m[1] ?? m[3];
    return { kind: 'privilege-change', target: m[2] ?? m[4], action: `role ${role}`, elevated: /admin|owner|root|superuser/i.test(role) };
  }
  // PAM lines repeat what sshd reports as "Failed ..." and are not counted twice.
  if (GENERIC_FAILED.test(text) && !/pam_unix\(sshd:auth\)/.test(text)) {
    const um = USER_IN_TEXT.exec(text);
    const user = input.userId ?? um?.[1] ?? um?.[2];
    const ip = IP_IN_TEXT.exec(text)?.[1] ?? clientIp;
    return { kind: 'auth-failure', ...(user ? { user } : {}), ...(ip ? { sourceIp: ip } : {}) };
  }
  if (DENIED.test(text)) {
    const ip = IP_IN_TEXT.exec(text)?.[1] ?? clientIp;
    return { kind: 'access-denied', ...(input.userId ? { principal: input.userId } : {}), ...(ip ? { sourceIp: ip } : {}) };
  }
  return undefined;
}
