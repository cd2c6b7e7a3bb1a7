import type { TParam, TSay, TText } from './text';

/**
 * Every error code the application answers with, and what it says when the refusal has nothing more precise. The
 * API's HTTP status for each is api/errors.ts ERROR_STATUS.
 */
export const ERROR_TEXT = {
  VALIDATION_FAILED: { zh: '请求内容不符合要求', en: 'the request is invalid' },
  MALFORMED_REQUEST: { zh: '请求无法解析', en: 'the request could not be read' },
  UNAUTHENTICATED: { zh: '请先登录', en: 'sign in first' },
  INVALID_CREDENTIALS: { zh: '邮箱或密码不正确', en: 'wrong email or password' },
  CSRF_TOKEN_INVALID: { zh: '页面已过期，请刷新后重试', en: 'the form has expired: reload the page and try again' },
  FORBIDDEN: { zh: '无权执行此操作', en: 'you may not do this' },
  NOT_FOUND: { zh: '未找到', en: 'not found' },
  CONFLICT: { zh: '与当前状态冲突', en: 'this conflicts with the current state' },
  PLAN_NOT_READY: { zh: '方案尚未准备好', en: 'the plan is not ready' },
  PLAN_ALREADY_IMPORTED: { zh: '该文件已导入', en: 'this document is already a plan' },
  PLAN_DATES_PAST: { zh: '计划日期已过，请选择顺延或按原日期启动', en: 'the plan’s dates are past: re-base it or launch it as is' },
  PAYLOAD_TOO_LARGE: { zh: '内容过大', en: 'the request is too large' },
  UNSUPPORTED_MEDIA_TYPE: { zh: '不支持的内容类型', en: 'unsupported content type' },
  UNPROCESSABLE: { zh: '无法处理', en: 'the request cannot be processed' },
  RATE_LIMITED: { zh: '请求过于频繁，请稍后再试', en: 'too many requests: try again later' },
  INTERNAL: { zh: '服务器内部错误', en: 'internal server error' },
  DATABASE_UNAVAILABLE: { zh: '数据库暂时不可用，请稍后重试', en: 'the database is unavailable: try again shortly' },
  WORKFLOWS_UNAVAILABLE: { zh: '工作流服务暂时不可用，请稍后重试', en: 'the workflow service is unavailable: try again shortly' },
} as const satisfies Record<string, TText>;

export type TErrorCode = keyof typeof ERROR_TEXT;

/**
 * The application's refusals and the messages of the schemas at its edges, each in both languages. A schema message
 * names its key (`issue('nothingToChange')`), and the edge that parses says it in its reader's language.
 */
export const MESSAGES = {
  // Who may do what
  coordinatorsOnly: { zh: '仅限统筹协调人员', en: 'coordinators only' },
  adminsOnly: { zh: '仅限系统管理员', en: 'administrators only' },
  leadersOnly: { zh: '仅限分管领导', en: 'leaders only' },
  instructionWriters: { zh: '批示仅限本计划牵头办公室的领导，或由统筹协调人员代领导录入', en: 'instructions are written by a leader of the plan’s office, or by a coordinator on one’s behalf' },
  onBehalfOfLeader: { zh: '代录批示须注明本计划牵头办公室的哪位领导（onBehalfOf）', en: 'a coordinator writing an instruction names the leader of the plan’s office it is from (onBehalfOf)' },
  noSuchInstruction: { zh: '未找到该批示', en: 'no such instruction' },
  noSuchSubtask: { zh: '未找到该分解任务', en: 'no such sub-task' },
  onlyOwnUnitReports: { zh: '只有承办单位人员可以填报', en: 'only people of the assigned unit can report on it' },
  bearerExpected: { zh: 'Authorization 头应为 Bearer 令牌', en: 'the Authorization header must be "Bearer <token>"' },
  tokenInvalid: { zh: 'API 令牌无效或已撤销', en: 'the API token is invalid or revoked' },
  linkInvalid: { zh: '登录链接无效、已过期或已使用', en: 'the sign-in link is invalid, expired or already used' },
  tryAgainIn: { zh: '请求过于频繁，请 {seconds} 秒后再试', en: 'too many attempts: try again in {seconds} seconds' },
  passwordChecksBusy: { zh: '登录请求过多，请稍后再试', en: 'too many sign-ins at once: try again shortly' },
  currentPasswordWrong: { zh: '当前密码不正确', en: 'the current password is wrong' },
  emailInvalid: { zh: '邮箱格式不正确', en: 'not an email address' },
  passwordRule: {
    zh: '密码至少 10 个字符，且包含大写字母、小写字母、数字和符号中至少三类',
    en: 'a password has at least 10 characters, of at least three kinds: capitals, small letters, digits, symbols',
  },
  tokensNeedSession: { zh: 'API 令牌不能管理令牌或修改密码，请登录后操作', en: 'an API token cannot manage tokens or passwords: sign in to do this' },
  tokenScopeTooNarrow: { zh: '该 API 令牌的权限范围（{scope}）不含此操作', en: 'this API token’s scope ({scope}) does not cover this' },
  // What is not there
  noSuchPlan: { zh: '未找到该方案', en: 'no such plan' },
  noSuchPlanId: { zh: '计划不存在', en: 'no plan {planId}' },
  noticeUnknownPeriod: { zh: '本计划没有“{period}”这一期；可选：{known}', en: 'the plan has no period "{period}"; it has: {known}' },
  noticeYearNotBegun: { zh: '{year} 年尚未开始，无从通报', en: '{year} has not begun: there is nothing to report' },
  noSuchItem: { zh: '未找到该事项', en: 'no such item' },
  noSuchMeasure: { zh: '未找到该措施', en: 'no such measure' },
  noSuchExtension: { zh: '未找到该延期申请', en: 'no such extension request' },
  noSuchReport: { zh: '未找到该报告', en: 'no such report' },
  noSuchWarning: { zh: '未找到该提示', en: 'no such warning' },
  noSuchTarget: { zh: '该计划中没有这项指标', en: 'the plan has no such indicator' },
  areaNotAssigned: { zh: '第 {row} 行：{unitId} 不是这项措施的责任单位', en: 'row {row}: {unitId} is not assigned to this measure' },
  noSuchIndicator: { zh: '该报告不属于这项指标所在的措施', en: 'the report is not on the measure this indicator belongs to' },
  noSuchToken: { zh: '未找到该令牌', en: 'no such token' },
  planNeverLaunched: { zh: '该方案尚未启动', en: 'the plan has not been launched' },
  noLaunchOf: { zh: '计划 {planId} 没有启动记录', en: 'no launch of plan {planId}' },
  // A measure's workflow
  measureNotRunning: { zh: '任务尚未启动或已结束', en: 'the measure is not running' },
  // Assessment
  noPlanToScore: { zh: '找不到计划 {planId}', en: 'no plan with id {planId}' },
  yearNotInPeriod: { zh: 'year：{year} 年不在计划实施期限（{from} 至 {to}）内', en: 'year: {year} is not a year of the plan’s period ({from} to {to})' },
  rubricInvalid: { zh: '计划 {planId} 的考核细则无效：{detail}', en: 'the plan’s rubric is invalid: {detail}' },
  // A plan's stage
  planLaunchedCannotDiscard: { zh: '方案已启动，不能作废；请在各措施页撤销任务', en: 'the plan is launched: cancel its measures one by one instead' },
  planLaunchedUseActions: { zh: '方案已启动，请通过改派、调整时限等操作修改', en: 'the plan is launched: use reassign or change-due instead' },
  planAlreadyLaunched: { zh: '方案已启动', en: 'the plan is already launched' },
  planOver: { zh: '方案已结束，不能再改', en: 'the plan is closed or cancelled' },
  planClosed: { zh: '计划已关闭，不再启动', en: 'the plan is closed' },
  planCancelled: { zh: '计划已撤销，不再启动', en: 'the plan is cancelled' },
  planReadOnly: { zh: '计划已于 {date} 关闭，只能查看，不能再改', en: 'the plan closed on {date}: it can be read, not changed' },
  planNotRunningToClose: { zh: '计划未启动，不能关闭', en: 'the plan is not launched: there is nothing to close' },
  planClosedAtFinal: { zh: '{year} 年度考核结果定稿，计划实施期限（至 {to}）已满', en: 'the results of {year} are final and the plan’s period (until {to}) is over' },
  planPeriodNotOver: { zh: '计划实施期限至 {to}，期满后方可关闭', en: 'the plan runs until {to}: it can be closed once its period is over' },
  warningsOpen: { zh: '还有 {n} 条提示未处理，处理后方可启动', en: '{n} warnings are still open: resolve them before launch' },
  noCoordinatorUnit: {
    zh: '计划未设牵头协调单位，{n} 项任务无法交办（{refs}）',
    en: 'the plan has no coordinator unit for measures with no resolved responsible unit ({refs})',
  },
  launchFailed: { zh: '启动失败：{failure}', en: 'the launch failed: {failure}' },
  // Reading a plan's document
  fileEmpty: { zh: '文件为空', en: 'the file is empty' },
  fileBinary: { zh: '文件不是文本，无法解析', en: 'the file is binary, not a text document' },
  fileUndecodable: { zh: '无法识别文件编码（支持 UTF-8、GBK/GB18030 和 .docx）', en: 'cannot decode the file: use UTF-8, GBK/GB18030 or .docx' },
  legacyDoc: { zh: '不支持旧版 Word .doc 文件，请另存为 .docx 或文本', en: 'legacy .doc files are not supported: save as .docx or text' },
  pdfUnsupported: { zh: '不支持 PDF，请提供文本或 .docx', en: 'PDF is not supported: provide text or .docx' },
  docxDamaged: { zh: '无法读取 .docx 文件，文件可能已损坏', en: 'cannot read the .docx file: it may be damaged' },
  noMeasures: { zh: '未找到任何措施', en: 'no measures found' },
  // Uploaded files
  uploadInvalid: { zh: '上传无效：{issue}', en: 'invalid upload: {issue}' },
  fileNameEmpty: { zh: '文件名为空', en: 'the file has no name' },
  fileNameTooLong: { zh: '文件名超过 255 个字符', en: 'the file name is longer than 255 characters' },
  fileTooLarge: { zh: '文件超过 {limit} 的上限，未保存', en: 'the file is larger than the {limit} limit and was not stored' },
  tooManyFiles: { zh: '每次报送最多附 {max} 个文件，未保存', en: 'a report carries at most {max} files; the file was not stored' },
  reportTooManyFiles: { zh: '每次报送最多附 {max} 个文件，本次附了 {count} 个，未报送', en: 'a report carries at most {max} files, this one names {count}; nothing was reported' },
  noSuchFile: { zh: '未找到该文件', en: 'no such file' },
  fileAlreadyReported: { zh: '文件“{name}”已随报告报送，不能删除', en: 'the file “{name}” went with a report and cannot be deleted' },
  uploadNeedsFile: { zh: '请在字段 file 中上传一个文件', en: 'send one file in the field `file`' },
  fileNotOfAssignment: { zh: '附件 {fileId} 不是为本事项上传的文件', en: 'attachment {fileId} is not a file uploaded for this item' },
  // A lead unit's report and its cooperating units' parts
  partsOnlyForLead: { zh: '只有牵头单位的报告汇总配合单位报送', en: 'only the lead unit’s report includes cooperating units’ parts' },
  partNotForLead: { zh: '{reportId} 不是配合单位报送本牵头单位且未被退回的内容', en: '{reportId} is not a part a cooperating unit sent this lead unit (and not returned)' },
  // Import
  alreadyImported: {
    zh: '该文件已于 {importedAt} 导入为 {year} 年计划《{title}》（编号 {planId}）',
    en: 'this document was already imported on {importedAt} as plan {planId} for {year}',
  },
  nameTheOffice: { zh: '有多个协调办公室（{offices}），请用 --office 指明方案属于哪一个', en: 'several offices coordinate ({offices}): name the plan’s with --office' },
  // A plan's settings
  thresholdsMustRise: { zh: '催办 < 督办 < 协调：逾期天数须逐级增加', en: 'escalation thresholds must rise' },
  customNeedsDates: { zh: '自定义报送须列出日期', en: 'a custom schedule lists its due dates' },
  periodEndsBeforeStart: { zh: '实施期限的结束日早于开始日', en: 'the period ends before it starts' },
  dueBeforePlanStart: {
    zh: '{field}：期限 {due} 早于计划开始日 {from}（{ref}）',
    en: '{field}: the due date {due} is before the plan starts on {from} ({ref})',
  },
  // Plans whose dates are past
  datesPast: {
    zh: '计划有 {n} 个日期已过（{first}）：请选择整体顺延到某一年（rebase），或按原日期启动（as-is），逾期事项改在启动后的首个报送日报送',
    en: '{n} of the plan’s dates are past ({first}): re-base it to a year (rebase), or launch it as is (as-is), its overdue work due at the first reporting date after the launch',
  },
  datesPastFlags: {
    zh: '计划有 {n} 个日期已过（{first}）：请加 --rebase 年份（整体顺延到该年开始），或 --as-is（按原日期启动，逾期事项改在启动后的首个报送日报送）',
    en: '{n} of the plan’s dates are past ({first}): add --rebase YEAR (shift every date so it starts in YEAR) or --as-is (its own dates, overdue work due at the first reporting date after the launch)',
  },
  rebaseOrAsIs: { zh: '顺延与按原日期启动只能选其一', en: 'choose either rebase or as-is, not both' },
  rebaseYearRange: { zh: 'rebase：顺延到的年份应在 2000 至 2100 年之间', en: 'rebase: the year must be from 2000 to 2100' },
  rebaseStillPast: {
    zh: 'rebase：顺延到 {year} 年后仍有 {n} 个日期已过（{first}）；请选较晚的年份，或按原日期启动',
    en: 'rebase: re-based to {year}, {n} dates are still past ({first}); choose a later year, or launch as is',
  },
  // Edits during review
  notInRegistry: { zh: '名录中没有这些单位：{names}', en: 'not in the unit registry: {names}' },
  unknownUnit: { zh: '未知单位：{name}', en: 'unknown unit: {name}' },
  nothingToChange: { zh: '没有要修改的内容', en: 'nothing to change' },
  rubricField: { zh: '考核方案 {field}：{issue}', en: 'rubric {field}: {issue}' },
  rubricUnknownUnit: { zh: '考核方案 {field}：单位 {unitId} 不在名录中', en: 'rubric {field}: unit {unitId} is not in the registry' },
  rubricUnknownTarget: { zh: '考核方案 {field}：目标 {targetId} 不是本方案的目标', en: 'rubric {field}: {targetId} is not a target of this plan' },
  rubricReasonNeeded: { zh: '请说明修改考核方案的理由', en: 'say why the rubric changes' },
  assessmentNotAssessed: { zh: '{field}：单位 {unitId} 不是本方案的考核对象', en: '{field}: unit {unitId} is not assessed by this plan' },
  assessmentYearOutside: { zh: 'year：{year} 年不在方案的实施期限内', en: 'year: {year} is outside the plan’s period' },
  appraisalOverMax: { zh: 'points：评议分 {points} 超过方案规定的满分 {max}', en: 'points: {points} is more than the rubric’s maximum for the leading group’s appraisal, {max}' },
  rubricCopiedFrom: { zh: '沿用《{title}》的考核方案（第 {version} 版）', en: 'copied from the rubric of “{title}” (version {version})' },
  // 公示, 异议 and 定稿 of a year's results
  resultsFinal: { zh: 'year：{year} 年考核结果已定稿；如需修改，请先说明理由撤回定稿', en: 'year: the results of {year} are final; reopen them with a reason to change them' },
  // 通报: edited, then issued once
  noticePrefixRule: { zh: '发文机关代字应为 2 至 12 个汉字，如“苏质量办”', en: 'the issuing office’s short name must be 2 to 12 Chinese characters' },
  noSuchNotice: { zh: '未找到该通报', en: 'no such notice' },
  noticeAlreadyIssued: { zh: '该通报已印发（{number}），不能修改或再次印发', en: 'the notice has been issued ({number}); it cannot be changed or issued again' },
  noticeNotFinal: { zh: 'year：{year} 年考核结果尚未定稿，定稿后方可印发通报', en: 'year: the results of {year} are not final; issue the notice once they are' },
  noticeUnknownUnit: { zh: 'sections：“{unit}”不是登记的单位，通报无法发送给它', en: 'sections: “{unit}” is not a registered unit, so the notice cannot be sent to it' },
  noticeStale: { zh: 'version：通报已被修改为第 {version} 版，请重新打开后再改', en: 'version: the notice has since been saved as version {version}; open it again before editing' },
  resultsNotFinal: { zh: 'year：{year} 年考核结果尚未定稿', en: 'year: the results of {year} are not final' },
  publicityRunning: { zh: 'year：{year} 年考核结果公示至 {until}，公示期满后方可定稿', en: 'year: the results of {year} are on public notice until {until}; finalise them after it ends' },
  objectionsPending: { zh: 'year：{year} 年尚有 {n} 条异议未答复', en: 'year: {n} objections to {year} are not answered yet' },
  noPublicity: { zh: 'year：{year} 年考核结果未在公示期内，不能提出异议', en: 'year: the results of {year} are not on public notice: no objection can be lodged' },
  publicityEnded: { zh: 'year：{year} 年考核结果公示已于 {until} 结束，不能再提出异议', en: 'year: the public notice of {year} ended on {until}: no objection can be lodged' },
  objectorNotAssessed: { zh: '您所在单位不是本方案 {year} 年的考核对象', en: 'your unit is not assessed by this plan in {year}' },
  noSuchObjection: { zh: '未找到该异议', en: 'no such objection' },
  evidenceNotOfUnit: { zh: '{field}：文件 {fileId} 不是该单位在本方案中上传的文件', en: '{field}: file {fileId} is not one the unit uploaded on this plan' },
  // 年度总结
  noAnnualSummary: { zh: 'year：本方案未要求报送年度总结', en: 'year: this plan asks for no annual summary' },
  annualSummaryAgain: { zh: 'year：本单位 {year} 年度总结已于 {on} 报送', en: 'year: your unit sent its summary of {year} on {on}' },
  annualSummaryNotAssessed: { zh: '您所在单位不是本方案的考核对象，无需报送年度总结', en: 'your unit is not assessed by this plan and owes no annual summary' },
  objectionAnswered: { zh: '该异议已答复', en: 'this objection is already answered' },
  rubricTemplateCell: { zh: '模板第 {row} 行「{column}」：{issue}', en: 'template row {row}, column "{column}": {issue}' },
  rubricTemplateColumn: { zh: '模板「{sheet}」表第 1 行：应为「{expected}」，实为「{found}」', en: 'template sheet "{sheet}", row 1: expected "{expected}", found "{found}"' },
  yearOrDate: { zh: '年份或日期', en: 'a year or ISO date' },
  textOrFile: { zh: '请粘贴文本或上传文件（二选一）', en: 'give either the text or a file' },
  confirmCancel: { zh: '请勾选确认后再撤销', en: 'tick the confirmation to cancel the measure' },
  confirmClose: { zh: '请勾选确认后再办结', en: 'tick the confirmation to close the measure' },
  // The working-day calendar
  noticeOrDays: { zh: '请给出通知全文或逐日安排之一', en: 'give either notice or days' },
  pasteNotice: { zh: '请粘贴通知全文', en: 'paste the notice' },
  noticeUnreadable: { zh: '通知有 {n} 处无法识别：{first}', en: 'the notice could not be read: {first}' },
  dayLinesUnreadable: { zh: '逐日安排有无法识别的行', en: 'some lines could not be read' },
  calendarProblems: { zh: '{year} 年日历有 {n} 处问题：{first}', en: 'the calendar has problems: {first}' },
  // The unit registry
  chooseRegistryFile: { zh: '请选择名录文件', en: 'choose a registry file' },
  registryEmpty: { zh: '单位名录文件为空', en: 'the registry file is empty' },
  csvEmpty: { zh: 'CSV 文件为空', en: 'the CSV file is empty' },
  csvLine: { zh: '第 {line} 行', en: 'line {line}' },
  csvUnterminatedQuote: { zh: '{at}：引号未闭合', en: '{at}: unterminated quoted field' },
  csvMissingColumns: { zh: '{at}：缺少列 {columns}', en: '{at}: missing columns {columns}; expected {expected}' },
  registryBadType: { zh: '{at}：type 应为 unit 或 group', en: '{at}: type must be "unit" or "group", got {got}' },
  jsonMalformed: { zh: 'JSON 格式错误：{error}', en: 'malformed JSON: {error}' },
  jsonField: { zh: '字段 {field}', en: 'field {field}' },
  registryInvalid: { zh: '{at}{field}：{issue}', en: '{at}{field}: {issue}' },
  nameClaimedTwice: { zh: '名称 "{name}" 同时属于 {first} 和 {second}', en: 'name "{name}" is claimed by both {first} and {second}' },
  notInRegistryOrFile: { zh: '{context}："{name}" 不在名录中', en: '{context}: "{name}" is neither in the file nor in the registry' },
  registryGrantsNoRoles: {
    zh: '{at}：名录不授予角色（{role}）；角色由系统管理员在“人员与角色”页面或用 duban people grant 授予',
    en: '{at}: a registry grants no roles ({role}); an administrator grants them on the people page or with duban people grant',
  },
  aliasTaken: { zh: '别名 "{alias}" 已属于 {unit}', en: 'alias "{alias}" already names {unit}' },
  // What a registry import did to a unit's channels (services/units/import-units)
  registryChannelAdded: { zh: '新增 {unit} 的{channel}（{shown}）', en: 'added {unit}’s {channel} ({shown})' },
  registryChannelReplaced: { zh: '替换 {unit} 的{channel}（{before} → {shown}）', en: 'replaced {unit}’s {channel} ({before} → {shown})' },
  registryChannelRemoved: { zh: '移除 {unit} 的{channel}（{shown}）', en: 'removed {unit}’s {channel} ({shown})' },
  channelKindWecom: { zh: '企业微信机器人', en: 'WeCom robot' },
  channelKindDingtalk: { zh: '钉钉机器人', en: 'DingTalk robot' },
  channelKindSms: { zh: '短信号码', en: 'SMS numbers' },
} as const satisfies Record<string, TText>;

export type TMessageKey = keyof typeof MESSAGES;

export function say(key: TMessageKey, params?: Readonly<Record<string, TParam>>): TSay {
  return { text: MESSAGES[key], params };
}

/** A schema's message by its key here: api/route's parsePart says it in the request's language. */
export const issue = (key: TMessageKey): string => key;

/** The sentence a schema message names, or null for a message of its own (zod's, or a pure module's). */
export function issueText(message: string): TText | null {
  return Object.hasOwn(MESSAGES, message) ? MESSAGES[message as TMessageKey] : null;
}
