/**
 * Which lead fields a public form can ask for, and how each is rendered and checked. Pure: the
 * tenant's custom lead fields and the lead record type's standard fields are passed in.
 */
import type { CustomFieldDef } from '../../platform/records/customValues.ts';
import type { FieldOption, StandardFieldDef } from '../../platform/records/registry.ts';

export type FormInput = 'text' | 'textarea' | 'mobile' | 'phone' | 'email' | 'url' | 'number' | 'date' | 'select' | 'multiselect' | 'checkbox';

export interface FormFieldDef {
  key: string;
  label: string;
  labelEn: string;
  input: FormInput;
  source: 'standard' | 'custom';
  /** characters; numbers and choices have none */
  maxLength?: number;
  options?: FieldOption[];
  /** every lead must have it: a form without it cannot create leads */
  requiredOnLead: boolean;
  /** browser autofill hint */
  autocomplete?: string;
}

const std = (key: string, label: string, labelEn: string, input: FormInput, maxLength: number | undefined, autocomplete?: string): FormFieldDef => ({
  key, label, labelEn, input, source: 'standard', requiredOnLead: key === 'name', ...(maxLength ? { maxLength } : {}), ...(autocomplete ? { autocomplete } : {}),
});

/** Lead fields a visitor may fill, in the order the editor offers them; lengths as modules/leads/input.ts allows. */
export const STANDARD_FORM_FIELDS: FormFieldDef[] = [
  std('name', '姓名', 'Name', 'text', 100, 'name'),
  std('company', '公司名称', 'Company', 'text', 200, 'organization'),
  std('title', '职位', 'Job title', 'text', 100, 'organization-title'),
  std('mobile', '手机', 'Mobile', 'mobile', 20, 'tel'),
  std('phone', '电话', 'Phone', 'phone', 30, 'tel'),
  std('email', '邮箱', 'Email', 'email', 254, 'email'),
  std('wechat', '微信', 'WeChat', 'text', 50),
  std('province', '省份', 'Province', 'text', 50, 'address-level1'),
  std('city', '城市', 'City', 'text', 50, 'address-level2'),
  std('district', '区县', 'District', 'text', 50, 'address-level3'),
  std('address', '详细地址', 'Address', 'text', 200, 'street-address'),
  std('industry', '行业', 'Industry', 'text', 50),
  std('productInterest', '意向产品', 'Product interest', 'text', 200),
  std('budget', '预算', 'Budget', 'number', undefined),
  std('remark', '备注', 'Remark', 'textarea', 2000),
];

const CUSTOM_INPUT: Partial<Record<string, FormInput>> = {
  text: 'text', longText: 'textarea', number: 'number', money: 'number', percent: 'number', date: 'date',
  singleSelect: 'select', multiSelect: 'multiselect', boolean: 'checkbox', phone: 'phone', email: 'email', url: 'url',
};
/** Same bounds as platform/records/customValues.ts applies to stored custom text. */
const CUSTOM_MAX: Partial<Record<string, number>> = { text: 500, longText: 5000, phone: 30, email: 254, url: 2000 };

/** Custom field types a stranger can answer (users, departments, files and addresses need the app). */
export function customFieldUsable(type: string): boolean {
  return CUSTOM_INPUT[type] !== undefined;
}

/**
 * The fields a form can use: standard ones (labels and choices from the lead record type when it is
 * registered, so a renamed label shows everywhere) followed by the tenant's usable custom fields.
 */
export function formFieldCatalog(leadStandard: StandardFieldDef[] | undefined, customDefs: CustomFieldDef[]): FormFieldDef[] {
  const byKey = new Map((leadStandard ?? []).map((f) => [f.key, f]));
  const standard = STANDARD_FORM_FIELDS.map((f): FormFieldDef => {
    const lead = byKey.get(f.key);
    if (!lead) return f;
    const options = lead.options?.length ? lead.options : undefined;
    return { ...f, label: lead.label, labelEn: lead.labelEn, ...(options && f.input === 'text' ? { input: 'select' as const, options, maxLength: undefined } : {}) };
  });
  const custom = customDefs
    .filter((d) => customFieldUsable(d.type))
    .map((d): FormFieldDef => {
      const max = CUSTOM_MAX[d.type];
      const bounded = max !== undefined && d.maxValue !== null ? Math.min(max, Number(d.maxValue)) : max;
      return {
        key: `custom.${d.key}`, label: d.label, labelEn: d.labelEn || d.label, input: CUSTOM_INPUT[d.type]!, source: 'custom',
        requiredOnLead: d.required, ...(bounded !== undefined ? { maxLength: bounded } : {}), ...(d.options.length ? { options: d.options } : {}),
      };
    });
  return [...standard, ...custom];
}
