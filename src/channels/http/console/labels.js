// Chinese labels for the contract's ids (CONTRACT.md). Display only: unknown ids are shown as they are.

export const PROFILE_FIELDS = [
  { id: 'hukou', label: '户籍', kind: 'enum', options: [['ningbo', '宁波户籍'], ['other', '外地户籍']] },
  {
    id: 'workType',
    label: '就业状态',
    kind: 'enum',
    options: [
      ['flexible', '灵活就业'],
      ['employee', '单位职工'],
      ['self_employed', '个体 / 自己创业'],
      ['unemployed', '失业 / 没有工作'],
      ['student', '学生'],
    ],
  },
  {
    id: 'industry',
    label: '行业',
    kind: 'enum',
    options: [
      ['food_delivery', '外卖配送'],
      ['ride_hailing', '网约车'],
      ['taxi', '出租车'],
      ['express_logistics', '快递物流'],
      ['ecommerce', '电子商务'],
      ['construction', '建筑施工'],
      ['real_estate_agency', '房产中介'],
      ['elderly_care', '养老护理'],
      ['other', '其他行业'],
    ],
  },
  { id: 'asOf', label: '按哪天判断', kind: 'date', hint: '不填为今天' },
  { id: 'rideHailingFullTime', label: '网约车专职司机', kind: 'bool' },
  { id: 'buyingVehicle', label: '正在买车', kind: 'bool' },
  { id: 'partTime', label: '兼职', kind: 'bool' },
  { id: 'intern', label: '实习生', kind: 'bool' },
  { id: 'overRetirementAge', label: '超过法定退休年龄', kind: 'bool' },
  { id: 'professionalTechnician', label: '专业技术人员', kind: 'bool' },
  { id: 'wageArrears', label: '被拖欠工资', kind: 'bool' },
  { id: 'startedBusiness', label: '已经创业', kind: 'bool' },
  { id: 'businessLocation', label: '创业地点', kind: 'enum', options: [['ningbo', '宁波'], ['other', '外地']] },
  { id: 'businessStartDate', label: '创业开始日期', kind: 'date' },
]

export const FIELD_LABELS = Object.fromEntries(PROFILE_FIELDS.map((f) => [f.id, f.label]))

export const STATUS_GROUPS = [
  { status: 'eligible', label: '可以申请', hint: '文件写明的条件都满足' },
  { status: 'likely_eligible', label: '可能可以', hint: '文件写明的条件满足，但文件提到还有其他条件' },
  { status: 'needs_info', label: '需要再确认', hint: '问清下面这些情况才能判断' },
  { status: 'not_covered', label: '文件未涉及', hint: '文件说的是其他人群，没有说到这种情况：请来电人向人社部门咨询，不要说“不符合”' },
  { status: 'ineligible', label: '不符合', hint: '文件写明的条件排除了这种情况' },
]

export const FORM_LABELS = {
  work_injury_insurance: '新业态工伤保险',
  social_insurance_subsidy: '灵活就业社保补贴',
  startup_loan: '创业担保贷款',
  wage_arrears: '欠薪维权求助',
  union_membership: '加入工会',
  startup_subsidy: '创业补贴',
  employee_insurance_enrolment: '职工养老/医疗参保登记',
  standalone_work_injury_enquiry: '单独参加工伤保险登记',
}

export const APPLICATION_FIELD_LABELS = {
  name: '姓名',
  phone: '手机',
  idNumber: '身份证号',
  industry: '行业',
  platform: '平台',
  consent: '同意',
  hukou: '户籍',
  businessStartDate: '创业日期',
  loanAmount: '贷款金额',
  employer: '用人单位',
  amountOwed: '欠薪金额',
  description: '情况说明',
  confirm: '确认',
  consentAt: '同意时间',
  consentNoticeVersion: '告知书版本',
}

export const DELIVERY_LABELS = {
  pending: '待送达',
  delivering: '送达中',
  delivered: '已送达',
  dead: '送达失败',
  not_configured: '未配置',
}

export const CHANNEL_LABELS = {
  wechat: '微信',
  api: '接口',
  console: '工作台',
  terminal: '终端',
}

export const GAP_REASON_LABELS = {
  unanswered: '答不上',
  partial: '只答了一部分',
  flagged: '坐席标记答得不对',
  // Older entries' names (before CONTRACT.md's three).
  out_of_scope: '答不上',
  low_confidence: '只答了一部分',
}

/** A profile value shown in Chinese (enum labels, 是/否). */
export function valueLabel(fieldId, value) {
  if (typeof value === 'boolean') return value ? '是' : '否'
  const field = PROFILE_FIELDS.find((f) => f.id === fieldId)
  const option = field?.options?.find(([id]) => id === value)
  if (option) return option[1]
  const industry = PROFILE_FIELDS.find((f) => f.id === 'industry').options.find(([id]) => id === value)
  return industry ? industry[1] : String(value)
}

/** The office's case status (CONTRACT.md "Case status"); unknown ids are shown as they are. */
export const CASE_STATUS_LABELS = {
  received: '已受理',
  needs_more: '需补正',
  rejected: '未通过',
  approved: '已批准',
  completed: '已办结',
}

/** A policy document's status on a day (GET /api/documents), in plain Chinese. */
export const DOCUMENT_STATUS_LABELS = {
  in_force: '现行有效',
  superseded: '已被替代',
  expired: '已失效',
  not_yet_in_force: '尚未生效',
  rejected: '文件有误',
}
