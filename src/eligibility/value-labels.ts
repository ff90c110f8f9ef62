// Short Chinese words for a profile's facts, as a reason names them: "（您的情况：户籍为外地户籍）".
// The guided check's long option texts live in knowledge/profile-fields.yaml; these are the short forms.
import type { ProfileField } from './profile.js'

const FIELD_WORDS: Record<ProfileField, string> = {
  hukou: '户籍',
  workType: '工作方式',
  industry: '行业',
  rideHailingFullTime: '网约车专职司机',
  buyingVehicle: '购置营运车辆',
  startedBusiness: '已创业',
  partTime: '非全日制',
  overRetirementAge: '超过退休年龄',
  intern: '实习生',
  professionalTechnician: '专业技术人员',
  wageArrears: '被拖欠工资',
  businessLocation: '创业地点',
  businessStartDate: '开业日期',
}

const VALUE_WORDS: Record<string, Record<string, string>> = {
  hukou: { ningbo: '宁波本市户籍', other: '外地户籍' },
  workType: { flexible: '灵活就业', employee: '在单位上班', self_employed: '自己当老板（创业、个体经营）', unemployed: '暂时没有工作', student: '在校学生' },
  industry: {
    food_delivery: '外卖送餐', ride_hailing: '网约车', taxi: '巡游出租车', express_logistics: '快递物流', ecommerce: '电子商务',
    construction: '建设施工', real_estate_agency: '房地产中介', elderly_care: '养老服务或医养照护', other: '其他行业',
  },
  businessLocation: { ningbo: '在宁波', other: '在宁波以外' },
}

/** "户籍为外地户籍", "专业技术人员：否", "开业日期为2019-05-01". */
export function describeFact(field: ProfileField, value: unknown): string {
  if (typeof value === 'boolean') return `${FIELD_WORDS[field]}：${value ? '是' : '否'}`
  return `${FIELD_WORDS[field]}为${VALUE_WORDS[field]?.[String(value)] ?? String(value)}`
}
