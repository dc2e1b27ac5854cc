/** The rules across billing fields (开票信息), shared by invoices and saved profiles. */
import { normalizeTaxNumber, taxNumberProblem } from '@loopline/shared';
import { fieldError } from '../../platform/http/errors.ts';

export interface BillingDetails { titleType: string; title: string; taxNumber?: string | null; bankName?: string | null; bankAccount?: string | null; address?: string | null; phone?: string | null }

/**
 * The rules across billing fields, naming the field: a company title and a special VAT invoice need
 * a valid tax number; a special VAT invoice needs bank, account, address and phone and a company
 * title. Answers the normalized tax number (upper case, no spaces).
 */
export function checkBilling(b: BillingDetails, invoiceKind?: string): string | null {
  const tax = b.taxNumber ? normalizeTaxNumber(b.taxNumber) : '';
  if (invoiceKind === 'specialVat' && b.titleType !== 'company') throw fieldError('titleType', '增值税专用发票只能开给企业 / a special VAT invoice needs a company title');
  if (!tax && (b.titleType === 'company' || invoiceKind === 'specialVat')) throw fieldError('taxNumber', '企业抬头和增值税专用发票必须填写税号 / a tax number is required for company titles and special VAT invoices');
  if (tax) {
    const problem = taxNumberProblem(tax);
    if (problem) throw fieldError('taxNumber', `${problem} / invalid tax number`);
  }
  if (invoiceKind === 'specialVat') {
    for (const [key, label] of [['bankName', '开户银行'], ['bankAccount', '银行账号'], ['address', '注册地址'], ['phone', '注册电话']] as const) {
      if (!b[key]) throw fieldError(key, `增值税专用发票必须填写${label} / required for a special VAT invoice`);
    }
  }
  return tax || null;
}

