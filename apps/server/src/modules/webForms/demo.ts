import type { Db } from '../../platform/db/client.ts';
import type { DemoOrg } from '../demo/seed.ts';
import type { FormFieldConfig } from './schema.ts';
import { webForms } from './schema.ts';
import { newPublicKey, newSecret } from './token.ts';

const field = (key: string, required: boolean, help: string | null = null): FormFieldConfig => ({ key, label: null, required, help });

/** Demo organization: the website's enquiry form, published, so the capture flow can be tried at once. */
export async function seedDemoWebForms(tx: Db, org: DemoOrg): Promise<void> {
  await tx.insert(webForms).values({
    tenantId: org.tenantId,
    publicKey: newPublicKey(),
    tokenSecret: newSecret(),
    name: '官网咨询表单',
    slug: 'contact-us',
    language: 'zh-CN',
    title: '联系我们，获取产品方案',
    description: '留下您的联系方式，我们的顾问会在一个工作日内与您联系。',
    fields: [
      field('name', true),
      field('company', false),
      field('mobile', true, '仅用于顾问与您联系，不会向第三方透露'),
      field('email', false),
      field('province', false),
      field('productInterest', false, '例如：CRM 标准版、移动销售、呼叫中心集成'),
      field('remark', false),
    ],
    afterSubmit: 'message',
    thankYouMessage: '提交成功！我们的顾问会尽快与您联系。',
    enabled: true,
    leadSource: 'webForm',
    leadTags: ['官网'],
    duplicatePolicy: 'create',
    createdBy: org.usersByKey.admin ?? null,
  });
}
